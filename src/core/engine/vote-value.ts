/**
 * The value a poll button carries back to the bot: run, poll and option (or "withdraw"),
 * so a click on a poll of an earlier run or an unknown option is recognized and refused.
 */

/** What a click asks for: an option (0-based position), or to withdraw the vote. */
export type VoteChoice = number | 'withdraw';

/** A decoded vote button value. */
export interface VoteValue {
  runId: string;
  poll: number;
  /** 0-based option position, or `withdraw` (the "Withdraw my vote" button). */
  option: VoteChoice;
}

/** Encodes a button value, e.g. `vote|run-abc|2|0` or `vote|run-abc|2|withdraw`. */
export function encodeVoteValue(v: VoteValue): string {
  return `${votePollPrefix(v.runId, v.poll)}${v.option}`;
}

/** What every button value of one poll starts with, e.g. `vote|run-abc|2|`. */
export function votePollPrefix(runId: string, poll: number): string {
  return `vote|${runId}|${poll}|`;
}

/** Decodes a button value; undefined when it is not a well-formed vote value. */
export function decodeVoteValue(value: string): VoteValue | undefined {
  const m = /^vote\|([A-Za-z0-9_-]{1,100})\|(\d{1,3})\|(\d{1,3}|withdraw)$/.exec(value);
  if (!m) return undefined;
  return { runId: m[1]!, poll: Number(m[2]), option: m[3] === 'withdraw' ? 'withdraw' : Number(m[3]) };
}
