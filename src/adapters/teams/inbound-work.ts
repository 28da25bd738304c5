/**
 * Work started by inbound activities after Teams has been answered ("acknowledge first,
 * work after": Teams wants an answer within seconds, and a post paced behind Teams' rate
 * limits may wait longer). Work on one subject (a message and its edits, deletion and
 * reactions) runs in arrival order; different subjects run side by side, at most
 * `maxActive` at a time, so a burst waits here rather than in the store's queue, where it
 * would hold up the poll clicks answered while Teams waits. Every job's failure goes to
 * `onError`, never nowhere.
 *
 * @example
 * work.start(`message:${activity.id}`, () => service.message(channel, actor, inbound));
 * await work.idle(); // tests and shutdown
 */

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

  /** Starts `job` after the jobs already queued for `subject`, once a slot is free. */
  start(subject: string, job: () => Promise<unknown>): void {
    this.started++;
    const previous = this.chains.get(subject) ?? Promise.resolve();
    const next = previous.then(() => this.inSlot(job)).then(
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
   * Runs `turn` (work Teams waits on, such as a poll click) ahead of the background jobs: while
   * any such turn runs, at most one background job runs, so the click's store calls wait
   * behind one job rather than a full batch.
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

  /** Runs `job` in a slot; a finished job hands its slot straight to the first waiting one. */
  private async inSlot(job: () => Promise<unknown>): Promise<unknown> {
    if (this.active < this.limit()) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await job();
    } finally {
      this.active--;
      this.wake();
    }
  }

  /** How many background jobs may run now. */
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
