/**
 * Work started by inbound activities. Work on one subject (a message and its edits,
 * deletion and reactions) runs in arrival order; different subjects run side by side. A job
 * runs at once while Teams waits for its answer (the answer waits for the store write); what
 * it does after that (a copy of an answer in its question's thread, a hint, posts paced
 * behind Teams' rate limits) runs in one of `maxActive` slots, which it asks for with
 * `slot()`, so a burst of such work waits here rather than in the store's queue, where it
 * would hold up the writes Teams is waiting on. Every job's failure goes to `onError`, never
 * nowhere.
 *
 * @example
 * work.start(`message:${activity.id}`, async (slot) => {
 *   await store(activity);
 *   await slot();
 *   await copyIntoThread(activity);
 * });
 * await work.idle(); // tests and shutdown
 */

/** What a job is given: `slot()` resolves once it holds a background slot (kept until the job ends). */
export type InboundJob = (slot: () => Promise<void>) => Promise<unknown>;

/** Tracks background jobs. */
export class InboundWork {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private active = 0;
  /** Turns Teams is waiting on (poll clicks) now: background jobs give way to them. */
  private urgent = 0;
  /** Jobs started so far (for the bench). */
  started = 0;

  constructor(
    private readonly onError: (err: unknown, subject: string) => void,
    private readonly maxActive = 8,
  ) {}

  /** Starts `job` after the jobs already queued for `subject`. */
  start(subject: string, job: InboundJob): void {
    this.started++;
    const previous = this.chains.get(subject) ?? Promise.resolve();
    const next = previous
      .then(() => this.withSlots(job))
      .then(
        () => undefined,
        (err: unknown) => this.onError(err, subject),
      );
    this.chains.set(subject, next);
    this.running.add(next);
    void next.then(() => {
      this.running.delete(next);
      if (this.chains.get(subject) === next) this.chains.delete(subject);
    });
  }

  /**
   * Runs `turn` (work Teams waits on, such as a poll click) ahead of the background work: while
   * any such turn runs, at most one slot is given, so the click's store calls wait behind one
   * job rather than a full batch.
   */
  async urgently<T>(turn: () => Promise<T>): Promise<T> {
    this.urgent++;
    try {
      return await turn();
    } finally {
      this.urgent--;
      this.wake();
    }
  }

  /** How many jobs are queued or running. */
  get pending(): number {
    return this.running.size;
  }

  /** Resolves when every job started so far, and any they started, has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Runs `job`, giving it a slot when it asks; a finished job hands its slot straight to the first waiting one. */
  private async withSlots(job: InboundJob): Promise<unknown> {
    let held: Promise<void> | undefined;
    const slot = (): Promise<void> => (held ??= this.acquire());
    try {
      return await job(slot);
    } finally {
      if (held) {
        await held;
        this.active--;
        this.wake();
      }
    }
  }

  /** Resolves once a slot is taken. */
  private async acquire(): Promise<void> {
    if (this.active < this.limit()) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** How many slots may be held now. */
  private limit(): number {
    return this.urgent > 0 ? 1 : this.maxActive;
  }

  /** Hands free slots to waiting jobs. */
  private wake(): void {
    while (this.active < this.limit() && this.waiting.length > 0) {
      this.active++;
      this.waiting.shift()!();
    }
  }
}
