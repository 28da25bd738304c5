/**
 * The scheduled plans, kept in the store (`SCHEDULES_KEY`) so every instance arms the same
 * ones. A change (`schedule`, `unschedule`) and an instance's sync with the store run one at a
 * time here, so a sync that read the list before an `unschedule` never arms the plan again
 * after it; and a plan fires only while the store still lists it, so once `unschedule`
 * answers, no instance starts it, whether or not it has synced yet.
 */
import type { Logger, Store } from '../ports.js';
import type { Plan } from '../plan/plan.js';
import { KeyedMutex } from './keyed-mutex.js';

/** Key under which armed plan ids are kept, so a restart re-arms them. */
export const SCHEDULES_KEY = 'schedules';

/** What arms plans in this process (the cron scheduler). */
export interface SchedulerPort {
  arm(plan: Plan): void;
  disarm(planId: string): void;
  armed(): string[];
}

/** The schedule list and this process's armed plans, changed one at a time. */
export class ScheduleBook {
  private readonly lock = new KeyedMutex();
  /** Plans listed in the store that no longer read (logged once each). */
  private readonly unusable = new Set<string>();

  /** `planOf` reads a scheduled plan as it is now (its latest version, in the workspace it was scheduled from). */
  constructor(
    private readonly deps: {
      store: Store;
      planOf: (planId: string) => Promise<Plan | undefined>;
      scheduler: SchedulerPort;
      logger: Logger;
    },
  ) {}

  /** Lists (`on`) or unlists plan `planId` in the store and arms or disarms it here; resolves once both are done. */
  change(planId: string, on: boolean): Promise<void> {
    return this.lock.run('schedules', async () => {
      const { store, planOf, scheduler } = this.deps;
      const listed = new Set((await store.getValue<string[]>(SCHEDULES_KEY)) ?? []);
      if (on) listed.add(planId);
      else listed.delete(planId);
      await store.setValue(SCHEDULES_KEY, [...listed]);
      const plan = on ? await planOf(planId) : undefined;
      if (plan) scheduler.arm(plan);
      else scheduler.disarm(planId);
    });
  }

  /** Arms here what the store lists and disarms the rest (plans scheduled or unscheduled through another instance). */
  sync(): Promise<void> {
    return this.lock.run('schedules', async () => {
      const { store, planOf, scheduler, logger } = this.deps;
      const wanted = new Set((await store.getValue<string[]>(SCHEDULES_KEY)) ?? []);
      for (const id of scheduler.armed()) if (!wanted.has(id)) scheduler.disarm(id);
      for (const id of wanted) {
        if (scheduler.armed().includes(id)) continue;
        const plan = await planOf(id);
        if (plan) scheduler.arm(plan);
        else if (!this.unusable.has(id))
          logger.warn(
            { plan: id },
            'a scheduled plan is no longer valid; it stays disarmed until fixed and scheduled again',
          );
        if (!plan) this.unusable.add(id);
      }
    });
  }

  /** True while the store lists `planId` (checked when its time comes, before it starts). */
  async listed(planId: string): Promise<boolean> {
    return ((await this.deps.store.getValue<string[]>(SCHEDULES_KEY)) ?? []).includes(planId);
  }
}
