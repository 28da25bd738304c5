/**
 * A Roundtable process for crash tests: runs the sample chat on a SQLite file store and a
 * file channel, with 30 deterministic participants who answer every question and vote in
 * every poll once (they look at the store first, so a restarted process does not click twice).
 * Usage: tsx crash-child.mts <store.sqlite> <chat.jsonl> <speed>
 */
import { ChatService } from '../../src/core/service/chat-service.js';
import { createStore } from '../../src/infra/store/create-store.js';
import { createMemoryLease } from '../../src/infra/memory-lease.js';
import { encodeVoteValue } from '../../src/core/engine/vote-value.js';
import { voterKey } from '../../src/core/engine/votes.js';
import { FileChat, readFileChat } from './file-chat.js';
import { planSource, samplePlan } from './plans.js';
import { testKeys } from './server-secret.js';

const [storePath, chatPath, speedText] = process.argv.slice(2) as [string, string, string];
const quiet = {
  debug() {},
  info() {},
  warn() {},
  error: (o: object, m?: string) => process.stderr.write(`${m} ${JSON.stringify(o)}\n`),
};
const store = await createStore(`sqlite://${storePath}`, { logger: quiet });
const clock = { now: () => Date.now() };
const channel = { platform: 'console' as const, id: 'C-crash' };
const plan = samplePlan();
const service = new ChatService({
  keys: testKeys(),
  store,
  lease: createMemoryLease(clock),
  clock,
  logger: quiet,
  plans: planSource(plan),
  ports: { console: new FileChat(chatPath) },
  organizers: ['U-ORG'],
  speed: Number(speedText),
  newRunId: () => 'crash-run',
});

const PEOPLE = 30;
if (!(await store.getRun('crash-run')))
  await service.command(channel, { id: 'U-ORG', name: 'Org' }, 'start sample-chat');

/** Participants act on what the channel shows, idempotently. */
async function participate(): Promise<void> {
  const run = await store.getRun('crash-run');
  if (!run || run.status === 'ended') return;
  for (const q of run.questions.filter((x) => x.ref)) {
    for (let i = 0; i < PEOPLE; i++) {
      const id = `q${q.number}-u${i}`;
      if (await store.getAnswer(run.id, id)) continue;
      const person = { id: `U${i}`, name: `Person ${i}` };
      await service.message(
        channel,
        person,
        i % 2 ? { id, text: `answer ${i}`, threadId: q.ref!.id } : { id, text: `A${q.number} answer ${i}` },
      );
    }
  }
  for (const p of run.polls.filter((x) => x.state === 'open')) {
    for (let i = 0; i < PEOPLE; i++) {
      if (await store.getBallot(run.id, p.number, voterKey(testKeys(), run, p, `U${i}`))) continue;
      await service.vote(
        channel,
        { id: `U${i}`, name: `Person ${i}` },
        encodeVoteValue({ runId: run.id, poll: p.number, option: i % p.options.length }),
      );
    }
  }
}

// What people sent while the process was down reaches it first (the platform delivers it again on
// restart, before the chat's clock can end the chat), then the chat's own timeline resumes.
await participate();
service.startTicking(20);
for (;;) {
  await participate();
  if (readFileChat(chatPath).some((l) => l.message.kind === 'recap')) break;
  await new Promise((r) => setTimeout(r, 10));
}
service.stop();
await store.close();
process.stdout.write('finished\n');
