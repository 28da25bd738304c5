// The `roundtable` command run from the sources (what `bin/roundtable.js` does with the build), for process tests.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
