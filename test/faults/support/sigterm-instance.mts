/**
 * A Roundtable process for the SIGTERM test: the real composition root with signal handling,
 * on the store in `ROUNDTABLE_STORE`, a file channel whose posts take `POST_DELAY_MS` (so a
 * post is under way when the signal comes), and a chat started at once. Prints `posting <key>`
 * when a post begins and `ready <port>` once serving.
 * Usage: node --import tsx sigterm-instance.mts <chat.jsonl>   (settings in the environment)
 */
import { start } from '../../../src/main.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/infra/logger.js';
import type { ChatPort } from '../../../src/core/ports.js';
import { FileChat } from '../../support/file-chat.js';
import { consoleAdapter } from './console-adapter.js';

const [chatPath] = process.argv.slice(2) as [string];
const delay = Number(process.env.POST_DELAY_MS ?? '0');
const file = new FileChat(chatPath);
const slow: ChatPort = {
  async post(channel, message, opts) {
    process.stdout.write(`posting ${opts.key}\n`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    return file.post(channel, message, opts);
  },
  update: (channel, ref, message) => file.update(channel, ref, message),
  ephemeral: () => file.ephemeral(),
  findPosted: (channel, key) => file.findPosted(channel, key),
};
const config = loadConfig(process.env);
const running = await start(config, {
  handleSignals: true,
  logger: createLogger(config.logLevel, process.stderr),
  loadAdapters: async () => [consoleAdapter(slow)],
});
process.stdout.write(`ready ${running.port}\n`);
await running.service.command(
  { platform: 'console', id: 'C-sigterm' },
  { id: 'U-ORG', name: 'Org' },
  'start fault-chat',
);
