/**
 * One Roundtable process for the SQLite crash case: the real composition root (`start()`)
 * on a SQLite file, with a file channel (posts written before `post` returns, found again by
 * their step key) and participants living in the same process, their memory kept in a
 * journal so a restarted process goes on where the killed one stopped. Prints `ready` once
 * serving and `finished` once the recap is posted and everyone has settled.
 * Usage: node --import tsx sqlite-instance.mts <store.sqlite> <chat.jsonl> <journal.jsonl> <plans dir> <speed> <people>
 */
import { start } from '../../../src/main.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { ChannelRef } from '../../../src/core/engine/run.js';
import { FileChat } from '../../support/file-chat.js';
import { consoleAdapter } from './console-adapter.js';
import { FileChatDriver } from './file-chat-driver.js';
import { Participants } from './participants.js';
import { TEST_SECRET } from '../../support/server-secret.js';

const [storePath, chatPath, journal, plansDir, speed, people] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error: (o: object, m?: string) =>
    process.stderr.write(`${m} ${JSON.stringify(o, (_k, v: unknown) => (v instanceof Error ? v.message : v))}\n`),
};
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  ROUNDTABLE_STORE: `sqlite://${storePath}`,
  ROUNDTABLE_PLANS_DIR: plansDir,
  ROUNDTABLE_ORGANIZERS: 'U-ORG',
  ROUNDTABLE_SPEED: speed,
  // The same server secret at every start, as a deployment keeps it: anonymous voters stay recognizable.
  ROUNDTABLE_SECRET: TEST_SECRET,
});
const chat = new FileChat(chatPath);
const running = await start(config, { logger: quiet, loadAdapters: async () => [consoleAdapter(chat)] });
const channel: ChannelRef = { platform: 'console', id: 'C-crash' };

// The organizer starts the chat once; a restarted process finds it running.
if (!(await running.service.desk.latestRun(channel)))
  await running.service.command(channel, { id: 'U-ORG', name: 'Org' }, 'start fault-chat');
const runId = (await running.service.desk.latestRun(channel))!.id;
process.stdout.write('ready\n');

const crowd = new Participants(Number(people), new FileChatDriver(running.service, channel, chatPath, runId), journal);
for (;;) {
  if ((await crowd.round()).ended) break;
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await running.stop();
process.stdout.write('finished\n');
