/**
 * `roundtable rehearse <plan> [--speed N] [--participants N] [--seed N]`: the organizer's dry
 * run. Plays the plan in accelerated time against a console channel with simulated
 * participants, prints every post in both languages, and checks the recap against what
 * the simulation did.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createAnonymousKeys } from '../infra/anonymous-keys.js';
import { ChatService } from '../core/service/chat-service.js';
import type { Plan } from '../core/plan/plan.js';
import type { ChannelRef } from '../core/engine/run.js';
import type { RecapData } from '../core/engine/recap-data.js';
import type { Logger } from '../core/ports.js';
import { elapsedMs } from '../core/engine/timeline.js';
import { MemoryStore } from '../infra/memory-store.js';
import { createMemoryLease } from '../infra/memory-lease.js';
import { createTranslator } from '../infra/i18n.js';
import { loadPlanFile } from '../infra/plan-files.js';
import { formatProblem } from '../infra/plan-files.js';
import { createPlanSource } from '../infra/plan-source.js';
import { ConsoleChat } from './console-chat.js';
import { SimulatedParticipants, type SimulationFigures } from './simulated-participants.js';
import { seededRandom } from './seeded-random.js';
import type { CliOutput } from './cli-output.js';
import { readFlags } from './read-flags.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Runs a rehearsal; returns the exit code (1 when the plan is invalid or the recap disagrees). */
export async function runRehearse(
  args: string[],
  out: CliOutput,
  env: { plansDir: string } = { plansDir: './chats' },
): Promise<number> {
  const { positional, flags } = readFlags(args, ['speed', 'participants', 'seed']);
  const target = positional[0];
  if (!target) {
    out.error('Usage: roundtable rehearse <plan file or id> [--speed 600] [--participants 50] [--seed 1]');
    return 2;
  }
  const speed = Number(flags.speed ?? 600);
  const count = Number(flags.participants ?? 50);
  const seed = Number(flags.seed ?? 1);
  if (!(speed > 0 && speed <= 100_000) || !Number.isInteger(count) || count < 0 || count > 100_000) {
    out.error(
      '--speed must be a number above 0 (600 plays an hour in 6 seconds) and --participants a whole number up to 100000.',
    );
    return 2;
  }
  const plan = await readPlan(target, env.plansDir, out);
  if (!plan) return 1;

  const translator = await createTranslator();
  const store = new MemoryStore();
  const clock = { now: () => Date.now() };
  const channel: ChannelRef = { platform: 'console', id: 'rehearsal', name: plan.channel ?? '#rehearsal' };
  let progress = () => ({ elapsedMs: 0, totalMs: plan.durationMs });
  const chat = new ConsoleChat({ translator, print: (l) => out.log(l), progress: () => progress() });
  const service = new ChatService({
    store,
    keys: createAnonymousKeys(randomBytes(32)),
    lease: createMemoryLease(clock),
    clock,
    logger: quiet,
    plans: { list: async () => [], get: async (id) => (id === plan.id ? plan : undefined) },
    ports: { console: chat },
    organizers: ['rehearsal-organizer'],
    speed,
  });
  const sim = new SimulatedParticipants(service, channel, count, seededRandom(seed));
  sim.attach(chat);

  out.log(
    `Rehearsing ${plan.id} at ${speed}× with ${count} simulated participants (${Math.round(plan.durationMs / 60_000)} min in about ${Math.max(1, Math.round(plan.durationMs / speed / 1000))} s)`,
  );
  await service.command(channel, { id: 'rehearsal-organizer', name: 'Organizer' }, `start ${plan.id}`);
  const run = await service.desk.latestRun(channel);
  if (!run) {
    out.error('The rehearsal could not start.');
    return 1;
  }
  progress = () => ({ elapsedMs: Math.min(elapsedMs(run, clock.now()), plan.durationMs), totalMs: plan.durationMs });
  service.startTicking(Math.max(20, Math.min(1000, 60_000 / speed)));
  while ((await store.getRun(run.id))?.status !== 'ended') {
    await new Promise((r) => setTimeout(r, 20));
  }
  service.stop();
  await sim.settled();
  const recap = chat.posts.map((p) => p.message).find((m) => m.kind === 'recap');
  if (!recap || recap.kind !== 'recap') {
    out.error('The chat ended without a recap.');
    return 1;
  }
  const mismatches = compare(recap.recap, sim.figures());
  if (mismatches.length > 0) {
    out.error(`\n✗ The recap disagrees with the simulation:\n- ${mismatches.join('\n- ')}`);
    return 1;
  }
  const f = sim.figures();
  out.log('');
  out.log(
    `✓ The recap matches the simulation: ${f.participants} participants, ${f.answers} answers, ${f.pollCounts.size} polls.`,
  );
  return 0;
}

async function readPlan(target: string, plansDir: string, out: CliOutput): Promise<Plan | undefined> {
  const isFile = await stat(target).then(
    (s) => s.isFile(),
    () => false,
  );
  if (isFile) {
    const file = await loadPlanFile(target);
    if (file.plan) return file.plan;
    for (const p of file.problems) out.error(formatProblem(p));
    return undefined;
  }
  const plan = await createPlanSource(plansDir).get(target);
  if (!plan)
    out.error(
      `No valid plan "${target}" in ${path.resolve(plansDir)}. Give a plan file or the id of a plan there (see: roundtable validate ${plansDir}).`,
    );
  return plan;
}

/** Differences between the recap and the simulation's own count. */
export function compare(recap: RecapData, sim: SimulationFigures): string[] {
  const problems: string[] = [];
  if (recap.participants !== sim.participants)
    problems.push(`participants: recap ${recap.participants}, simulation ${sim.participants}`);
  if (recap.answers !== sim.answers) problems.push(`answers: recap ${recap.answers}, simulation ${sim.answers}`);
  for (const q of recap.questions) {
    const expected = sim.answersPerQuestion.get(q.number) ?? 0;
    if (q.answers !== expected) problems.push(`Q${q.number} answers: recap ${q.answers}, simulation ${expected}`);
  }
  for (const p of recap.polls) {
    const expected = sim.pollCounts.get(p.number) ?? p.options.map(() => 0);
    if (JSON.stringify(p.tally.counts) !== JSON.stringify(expected))
      problems.push(`poll ${p.number}: recap ${p.tally.counts.join('/')}, simulation ${expected.join('/')}`);
  }
  return problems;
}
