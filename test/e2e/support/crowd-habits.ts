/** How people of an e2e crowd behave, on any platform: how many take part, and what they write. */

/** The share of the crowd that answers each question. */
export const ANSWER_RATE = 0.45;

/** The share of the crowd that votes in each poll. */
export const VOTE_RATE = 0.7;

/** What people write as answers, in both languages (one starts with `=`, as a CSV formula would). */
export const ANSWER_BODIES: readonly string[] = [
  'Regular check-ins where people can say how they really are.',
  'Des pauses réelles, sans courriels après 18 h.',
  'Leaders who share their own experience first.',
  'Une équipe où l’on peut dire « je ne sais pas » sans crainte.',
  '=SUM(A1:A3) is how I count my small wins, "quoted" too',
  'Publishing drafts on GCwiki, with a note: work in progress.',
];
