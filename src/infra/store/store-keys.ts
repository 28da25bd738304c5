/**
 * Where each record lives. Plain records go through keyv (`run:…`, `lang:…`, `value:…`);
 * participant records live in collections, one per run or poll, so listing a run's answers
 * or a poll's ballots reads one collection instead of scanning the store. Ids are
 * percent-encoded so a `:` in an id can never make two names collide.
 */

const enc = encodeURIComponent;

/** keyv key of a run header. */
export const runKey = (runId: string): string => `run:${enc(runId)}`;
/** keyv key of a user's reply language. */
export const langKey = (user: string): string => `lang:${enc(user)}`;
/** keyv key of a generic value. */
export const valueKey = (key: string): string => `value:${enc(key)}`;

/** Collection of run summaries (field: run id), for `allRunIds` and retention. */
export const runsColl = 'runs';
/** Collection of runs not yet ended (field: run id), for `activeRunIds`. */
export const activeColl = 'active';
/** Answers of a run (field: answer id). */
export const answersColl = (runId: string): string => `answers:${enc(runId)}`;
/** Ballots of one poll (field: voter). */
export const ballotsColl = (runId: string, poll: number): string => `ballots:${enc(runId)}:${poll}`;
/** Poll numbers of a run that have ballots (field: poll number), for cascades. */
export const pollsColl = (runId: string): string => `polls:${enc(runId)}`;
/** Reaction markers of a run (field: `reactionField`). */
export const reactionsColl = (runId: string): string => `reactions:${enc(runId)}`;
/** Claim key of a platform event id (dedupe). */
export const eventKey = (eventId: string): string => `event:${enc(eventId)}`;

/**
 * Steps are grouped by what precedes their first `:` (the run id in `runId:step` keys), so
 * a run's steps are found without a scan; fields keep the full key.
 */
export const stepsColl = (stepKey: string): string => `steps:${enc(stepKey.split(':', 1)[0] ?? '')}`;

/** Field of one reaction marker: unambiguous whatever the ids contain. */
export const reactionField = (answerId: string, user: string, reaction: string): string =>
  JSON.stringify([answerId, user, reaction]);

/** Reads a reaction marker field back; undefined for anything else. */
export function parseReactionField(field: string): { answerId: string; user: string; reaction: string } | undefined {
  const parsed: unknown = JSON.parse(field);
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string')) return undefined;
  const [answerId, user, reaction] = parsed as [string, string, string];
  return { answerId, user, reaction };
}
