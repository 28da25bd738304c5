/**
 * The value a poll button carries back to the bot: run, poll and option, so a click on a
 * poll of an earlier run or an unknown option is recognized and refused.
 */

/** A decoded vote button value. */
export interface VoteValue {
  runId: string;
  poll: number;
  /** 0-based option position. */
  option: number;
}

/** Encodes a button value, e.g. `vote|run-abc|2|0`. */
export function encodeVoteValue(v: VoteValue): string {
  return `vote|${v.runId}|${v.poll}|${v.option}`;
}

/** Decodes a button value; undefined when it is not a well-formed vote value. */
export function decodeVoteValue(value: string): VoteValue | undefined {
  const m = /^vote\|([A-Za-z0-9_-]{1,100})\|(\d{1,3})\|(\d{1,3})$/.exec(value);
  if (!m) return undefined;
  return { runId: m[1]!, poll: Number(m[2]), option: Number(m[3]) };
}
