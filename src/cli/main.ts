/**
 * The `roundtable` command: `serve` (the default: the bot, or the local playground when no
 * platform is configured), `validate`, `rehearse`, `export`, `report`, `help`.
 */
import { loadConfig } from '../config/load-config.js';
import { RoundtableError } from '../core/errors.js';
import { processOutput, type CliOutput } from './cli-output.js';
import { runValidate } from './validate.js';
import { runRehearse } from './rehearse.js';

const USAGE = `Usage: roundtable <command>

  serve                                   run the bot (Slack, Teams) or, with no platform settings, the local playground
  validate [plans folder or files]        check plans and print the next start times (default: ROUNDTABLE_PLANS_DIR)
  rehearse <plan> [--speed N] [--participants N]
                                          play a plan in accelerated time with simulated participants
  export <run-id> --format md|csv|html [--out FILE]
  report <plan-id> [--format md|html] [--out FILE]
  help                                    this text

Settings are read from the environment: see README.md.`;

/** Errors that say in a sentence why `serve` cannot start, and what to do. */
const STARTUP_REFUSALS: ReadonlySet<unknown> = new Set(['port_in_use', 'store_locked']);

/** Runs the CLI with `argv` (without node and the script); returns the exit code. */
export async function main(
  argv: string[],
  out: CliOutput = processOutput,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [command = 'serve', ...args] = argv;
  try {
    switch (command) {
      case 'serve': {
        const { serve } = await import('../main.js');
        await serve(loadConfig(env));
        return 0;
      }
      case 'validate':
        return await runValidate(args.length > 0 ? args : [loadConfig(env).plansDir], out);
      case 'rehearse':
        return await runRehearse(args, out, { plansDir: loadConfig(env).plansDir });
      case 'export':
      case 'report': {
        const { runStoreCommand } = await import('./store-commands.js');
        return await runStoreCommand(command, args, loadConfig(env), out);
      }
      case 'help':
      case '--help':
      case '-h':
        out.log(USAGE);
        return 0;
      default:
        out.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof RoundtableError && err.code === 'config_invalid') {
      out.error(err.message);
      return 78;
    }
    // The server cannot start as set up (a port in use, a SQLite store another process holds): say why, no stack trace.
    if (err instanceof Error && STARTUP_REFUSALS.has((err as { code?: unknown }).code)) {
      out.error(err.message);
      return 1;
    }
    throw err;
  }
}
