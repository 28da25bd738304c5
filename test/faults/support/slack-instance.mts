/**
 * One Roundtable process for the Slack and Teams fault cases: the real `start(loadConfig(env))`
 * (Slack over HTTP, or Teams, against its stand-in; a Redis store), stopped gracefully on
 * SIGTERM, killed by the test with SIGKILL. Logs go to stderr; stdout says `ready <port>`.
 * Usage: node --import tsx slack-instance.mts   (settings in the environment)
 */
import { start } from '../../../src/main.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/infra/logger.js';

const config = loadConfig(process.env);
const running = await start(config, { handleSignals: true, logger: createLogger(config.logLevel, process.stderr) });
process.stdout.write(`ready ${running.port}\n`);
