/** Rooms as core channels: the id rule, the `ChannelRef` of a room and the bot's identity. */
import type { ChannelRef } from '../../core/engine/run.js';

/** A room id: lower-case letters, digits, `-` and `_`, 1 to 64 characters. */
export const ROOM_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The words (`web` namespace) refusing a room id that breaks `ROOM_ID`: a person may type one in the page's address. */
export const BAD_ROOM = 'refusal.badRoom';

/** The room a page opens when its address names none. */
export const DEFAULT_ROOM = 'rehearsal';

/** The bot as an author of posts. */
export const BOT = { id: 'roundtable', name: 'Roundtable' } as const;

/** The core channel of room `id`. */
export function roomChannel(id: string): ChannelRef {
  return { platform: 'playground', id, name: `#${id}` };
}
