/** The message a timeline step posts, built at the moment it is carried out. */
import type { Message, Tally } from './messages.js';
import type { RecapData } from './recap-data.js';
import type { Run, RunPoll } from './run.js';

/** The welcome post of a run. */
export function welcomeMessage(run: Run): Message {
  const plan = run.plan;
  return {
    kind: 'welcome',
    langs: plan.languages,
    title: plan.title,
    ...(plan.host ? { host: plan.host } : {}),
    ...(plan.hashtag ? { hashtag: plan.hashtag } : {}),
    ...(plan.welcome ? { text: plan.welcome } : {}),
    questions: run.questions.length,
    polls: run.polls.length,
    durationMin: Math.round(run.endMs / 60_000),
  };
}

/** The post of question `number`. */
export function questionMessage(run: Run, number: number): Message {
  const q = run.questions.find((x) => x.number === number);
  if (!q) throw new Error(`Run ${run.id} has no question ${number}.`);
  return {
    kind: 'question',
    langs: run.plan.languages,
    number,
    text: q.text,
    extra: q.extra,
    ...(run.plan.hashtag ? { hashtag: run.plan.hashtag } : {}),
  };
}

/** A poll post with its current tally; results stay hidden until close when the poll says so. */
export function pollMessage(run: Run, poll: RunPoll, tally: Tally): Message {
  const closed = poll.state === 'closed';
  return {
    kind: 'poll',
    langs: run.plan.languages,
    runId: run.id,
    number: poll.number,
    question: poll.question,
    options: poll.options,
    multiple: poll.multiple,
    anonymous: poll.anonymous,
    hidden: poll.results === 'hidden' && !closed,
    closed,
    tally,
    ...(run.plan.hashtag ? { hashtag: run.plan.hashtag } : {}),
  };
}

/** The closing post. */
export function closingMessage(run: Run): Message {
  const plan = run.plan;
  return {
    kind: 'closing',
    langs: plan.languages,
    title: plan.title,
    ...(plan.closing ? { text: plan.closing } : {}),
    ...(plan.hashtag ? { hashtag: plan.hashtag } : {}),
  };
}

/** The recap post. */
export function recapMessage(recap: RecapData): Message {
  return { kind: 'recap', langs: recap.langs, recap };
}
