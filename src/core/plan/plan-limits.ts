/**
 * The limits a plan must respect: counts, durations and text lengths the platforms accept
 * (Slack: section text 3,000 characters, header 150, button text 75).
 */

/** Plan limits, shared by plan validation and ad-hoc commands (`question`, `poll`). */
export const PLAN_LIMITS = {
  /** Plan ids: lowercase letters, digits, hyphens. */
  idPattern: /^[a-z0-9-]{1,64}$/,
  minDurationMs: 5 * 60_000,
  maxDurationMs: 8 * 60 * 60_000,
  /** The longest reminder before a start. */
  maxReminderMs: 30 * 24 * 60 * 60_000,
  minQuestions: 1,
  maxQuestions: 50,
  maxPolls: 20,
  minOptions: 2,
  maxOptions: 10,
  /** Characters per language. */
  titleLength: 150,
  questionLength: 2900,
  pollQuestionLength: 2900,
  /** Slack buttons show at most 75 characters. */
  optionLength: 75,
  /** Welcome and closing texts. */
  messageLength: 2900,
  hostNameLength: 150,
  hostTitleLength: 150,
  hashtagPattern: /^#[\p{L}\p{N}_]{1,100}$/u,
  /** A plan file larger than this is listed with a problem and never parsed (256 KB). */
  maxFileBytes: 256 * 1024,
} as const;
