/**
 * Whether a message that reached the store still counts, read after its write: the end of a
 * chat is one moment recorded in the run (`run.endedAt`), and the recap fixes which answers it
 * counted (`run.counted`). A write that loses either race is taken back by its caller and its
 * author told, so an answer is never counted by an export and not by the recap, or silently lost.
 */
import type { Logger, Store } from '../ports.js';
import type { Run } from '../engine/run.js';
import { beforeEnd } from '../engine/answers.js';
import { countingKey } from './runner.js';

/** What the check needs. */
export interface EndOfChatDeps {
  store: Store;
  logger: Logger;
  /** Resolves after `ms` (the recap being counted by another process is waited for). */
  sleep(ms: number): Promise<void>;
}

/** How long an answer stored while the recap was being counted waits for the count, at most. */
const COUNT_WAIT_MS = 5_000;
const COUNT_POLL_MS = 100;

/** Reads the end of a chat as the store has it now. */
export class EndOfChat {
  constructor(private readonly deps: EndOfChatDeps) {}

  /**
   * True when answer `id`, written to the store before this call and sent at `sentAt`, counts:
   * sent before the end, and stored before the recap counted the answers or counted by it.
   */
  async answerCounts(runId: string, id: string, sentAt: number): Promise<boolean> {
    const run = await this.deps.store.getRun(runId);
    if (!run || !beforeEnd(run, sentAt)) return false;
    // Not ended when read after the write: the recap's listing comes later, and sees it.
    if (run.endedAt === undefined) return true;
    if (run.counted) return run.counted.includes(id);
    if (!(await this.deps.store.getStep(countingKey(run)))) return true;
    const counted = await this.countOf(run);
    return counted === undefined || counted.includes(id);
  }

  /**
   * True when an edit or a deletion sent at `sentAt`, written before this call, counts: sent
   * before the end, and the recap has not begun counting the answers.
   */
  async changeCounts(runId: string, sentAt: number): Promise<boolean> {
    const run = await this.deps.store.getRun(runId);
    if (!run || !beforeEnd(run, sentAt)) return false;
    if (run.endedAt === undefined) return true;
    return !run.counted && !(await this.deps.store.getStep(countingKey(run)));
  }

  /** The ids the recap counted, once the process counting them has saved them. */
  private async countOf(run: Run): Promise<string[] | undefined> {
    for (let waited = 0; waited < COUNT_WAIT_MS; waited += COUNT_POLL_MS) {
      await this.deps.sleep(COUNT_POLL_MS);
      const counted = (await this.deps.store.getRun(run.id))?.counted;
      if (counted) return counted;
    }
    // The counting process died between its mark and its save: the next one lists again, after this write.
    this.deps.logger.warn(
      { runId: run.id },
      'the recap was being counted but its count never came; the answer is kept',
    );
    return undefined;
  }
}
