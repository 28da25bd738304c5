/**
 * What a Slack `message` event means for Roundtable: a person's new message (in the channel
 * or a thread; `thread_broadcast` replies count), an edit, a deletion, or nothing (bot
 * messages, our own posts, joins, topic changes and other subtypes, edits that change no
 * text, such as a parent's reply count). Slack escapes `&`, `<` and `>` in what people type;
 * the text is given back as typed (renderers escape it again on the way out). Edits and
 * deletions carry their author and the event's own `ts` (when the change was made).
 *
 * @example
 * readMessageEvent({ type: 'message', user: 'U1', text: 'A1 yes', ts: '1.2', channel: 'C1' }, 'U0BOT')
 * // { kind: 'post', user: 'U1', ts: '1.2', text: 'A1 yes' }
 */
import { unescapeMrkdwn } from './slack-markup.js';

/** A classified `message` event. */
export type MessageEventMeaning =
  | { kind: 'post'; user: string; ts: string; text: string; threadTs?: string }
  | { kind: 'edit'; ts: string; text: string; user?: string; at?: string }
  | { kind: 'delete'; ts: string; user?: string; at?: string }
  | { kind: 'ignore' };

interface RawMessage {
  subtype?: unknown;
  user?: unknown;
  bot_id?: unknown;
  text?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
  deleted_ts?: unknown;
  message?: RawMessage;
  previous_message?: RawMessage;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Whether a message was written by a bot (ours included) rather than a person. */
function byBot(m: RawMessage | undefined, botUserId: string | undefined): boolean {
  return (
    !m || m.bot_id !== undefined || m.subtype === 'bot_message' || (botUserId !== undefined && m.user === botUserId)
  );
}

/** Classifies a `message` event; `botUserId` is our bot's user id when known. */
export function readMessageEvent(event: unknown, botUserId?: string): MessageEventMeaning {
  const e = (typeof event === 'object' && event !== null ? event : {}) as RawMessage;
  if (e.subtype === undefined || e.subtype === 'thread_broadcast') {
    const user = str(e.user);
    const ts = str(e.ts);
    if (!user || !ts || byBot(e, botUserId)) return { kind: 'ignore' };
    const threadTs = str(e.thread_ts);
    return {
      kind: 'post',
      user,
      ts,
      text: typeof e.text === 'string' ? unescapeMrkdwn(e.text) : '',
      ...(threadTs && threadTs !== ts ? { threadTs } : {}),
    };
  }
  if (e.subtype === 'message_changed') {
    const ts = str(e.message?.ts);
    const text = e.message?.text;
    if (!ts || typeof text !== 'string' || byBot(e.message, botUserId)) return { kind: 'ignore' };
    if (e.previous_message && e.previous_message.text === text) return { kind: 'ignore' };
    const user = str(e.message?.user);
    const at = str(e.ts);
    return { kind: 'edit', ts, text: unescapeMrkdwn(text), ...(user ? { user } : {}), ...(at ? { at } : {}) };
  }
  if (e.subtype === 'message_deleted') {
    const ts = str(e.deleted_ts) ?? str(e.previous_message?.ts);
    if (!ts || (e.previous_message && byBot(e.previous_message, botUserId))) return { kind: 'ignore' };
    const user = str(e.previous_message?.user);
    const at = str(e.ts);
    return { kind: 'delete', ts, ...(user ? { user } : {}), ...(at ? { at } : {}) };
  }
  return { kind: 'ignore' };
}

/**
 * The key under which events must be handled in the order they arrived: everything about one
 * message (the post, its edits, its deletion, reactions to it). Handling is concurrent
 * otherwise, so a quick edit could overtake its answer, or a reaction taken back overtake
 * the reaction.
 */
export function orderingKey(body: unknown): string | undefined {
  const b = (typeof body === 'object' && body !== null ? body : {}) as {
    type?: unknown;
    event?: Record<string, unknown>;
  };
  const e = b.event;
  if (b.type !== 'event_callback' || !e) return undefined;
  if (e.type === 'reaction_added' || e.type === 'reaction_removed') {
    const item = (e.item ?? {}) as { channel?: unknown; ts?: unknown };
    return typeof item.ts === 'string' ? `message:${String(item.channel)}:${item.ts}` : undefined;
  }
  if (e.type !== 'message') return undefined;
  const m = e as RawMessage & { channel?: unknown };
  const ts =
    m.subtype === 'message_changed'
      ? str(m.message?.ts)
      : m.subtype === 'message_deleted'
        ? (str(m.deleted_ts) ?? str(m.previous_message?.ts))
        : str(m.ts);
  return ts ? `message:${String(m.channel)}:${ts}` : undefined;
}

/** Epoch ms of a Slack `ts` (`seconds.micros`), if it is one. */
export function tsMillis(ts: string | undefined): number | undefined {
  const seconds = ts === undefined ? Number.NaN : Number(ts);
  return Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds * 1000) : undefined;
}
