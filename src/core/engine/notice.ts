/** Notices: short replies only the asker sees, in their language. */
import type { Lang } from '../plan/plan.js';
import type { Message, NoticeKey } from './messages.js';

/** A notice message in `lang`. */
export function notice(lang: Lang, key: NoticeKey, vars?: Record<string, string | number>): Message {
  return { kind: 'notice', langs: [lang], key, ...(vars ? { vars } : {}) };
}
