/** A chat service wired to a memory store, a fake clock and a recording port, for engine tests. */
import { ChatService } from '../../src/core/service/chat-service.js';
import type { Logger } from '../../src/core/ports.js';
import type { Plan } from '../../src/core/plan/plan.js';
import type { ChannelRef } from '../../src/core/engine/run.js';
import type { Actor } from '../../src/core/engine/actor.js';
import { MemoryStore } from '../../src/infra/memory-store.js';
import { createMemoryLease } from '../../src/infra/memory-lease.js';
import { FakeClock } from './fake-clock.js';
import { RecordingPort } from './recording-port.js';
import { planSource, samplePlan } from './plans.js';
import { testKeys } from './server-secret.js';

/** A logger that keeps what it is told (tests can assert nothing secret is logged). */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const log = (level: string) => (obj: object, msg?: string) =>
    void lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj, (_k, v) => (v instanceof Error ? v.message : v))}`);
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Everything an engine test touches. */
export function engineHarness(
  opts: { plan?: Plan; withLookup?: boolean; store?: MemoryStore; clock?: FakeClock; port?: RecordingPort } = {},
) {
  const clock = opts.clock ?? new FakeClock();
  const store = opts.store ?? new MemoryStore(() => clock.now());
  const port = opts.port ?? new RecordingPort(opts.withLookup ?? true);
  const plan = opts.plan ?? samplePlan();
  const logger = memoryLogger();
  const service = new ChatService({
    keys: testKeys(),
    store,
    lease: createMemoryLease(clock),
    clock,
    logger,
    plans: planSource(plan),
    ports: { console: port },
    organizers: ['U-ADMIN'],
    speed: 1,
    timers: clock,
    newRunId: () => 'run-1',
  });
  const channel: ChannelRef = { platform: 'console', id: 'C1', name: '#leadersgc' };
  const organizer: Actor = { id: 'U-ORG', name: 'Org' };
  const person = (i: number): Actor => ({ id: `U${i}`, name: `Person ${i}` });
  return { clock, store, port, plan, logger, service, channel, organizer, person };
}
