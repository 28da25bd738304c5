/**
 * Who a person is in the playground: their name in a room. The page has no sign-in, so the
 * name typed is the identity people expect; the same name in another tab or another browser
 * is the same participant (one person in the recap and in the series report), whatever its
 * case or spacing. The id is derived here, so every page and every request agree.
 */
import { createHash } from 'node:crypto';

/** The participant id of `name` in room `room`: `p-` and 24 hex digits. */
export function personIdOf(room: string, name: string): string {
  const key = name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return `p-${createHash('sha256').update(`${room}\n${key}`).digest('hex').slice(0, 24)}`;
}
