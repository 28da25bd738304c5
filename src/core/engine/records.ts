/**
 * What participants do, stored one record per answer and per ballot, so one event is a
 * constant number of writes.
 */

/** A participant as the platform names them. */
export interface Person {
  id: string;
  name: string;
}

/** An answer to question `number`. `id` is the platform message id, so edits and deletions find it. */
export interface Answer {
  id: string;
  number: number;
  user: Person;
  /** The text as last edited (raw user text: renderers escape it). */
  text: string;
  /** Wall-clock epoch ms of the post. */
  at: number;
  /**
   * Epoch ms of the platform's timestamp of the message (Slack `ts`, Teams `timestamp`), never
   * later than it arrived: the time that decides whether it came before the end of the chat.
   */
  sentAt?: number;
  editedAt?: number;
  /** Reaction count (each person and emoji counted once). */
  reactions: number;
  /** A link to the message, when the platform has one. */
  permalink?: string;
  /** How it arrived: a thread reply, or an `A<k>` message in the channel. */
  via: 'thread' | 'prefix';
  /**
   * The post this reply is threaded under, kept while that post is not yet known as a question
   * (it arrived while the question was being posted); `number` is 0 until it is matched.
   */
  thread?: string;
}

/**
 * One person's ballot in one poll. For anonymous polls `voter` is an opaque digest that
 * only prevents double voting and `user` is absent.
 */
export interface Ballot {
  poll: number;
  voter: string;
  user?: Person;
  /** Chosen option positions, 0-based, at most the poll's `multiple`. */
  options: number[];
  at: number;
}
