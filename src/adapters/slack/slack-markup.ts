/**
 * Slack's mrkdwn as a core `Markup`: user text escaped the way Slack asks (`&`, `<`, `>`),
 * so a typed `<!channel>`, `<!here>`, `<@U…>` or `<!subteam^…>` shows as text and never
 * pings anyone; `*bold*`, `_italic_`, `<url|label>` links.
 *
 * @example
 * slackMarkup.escape('<!channel> & co') // '&lt;!channel&gt; &amp; co'
 */
import type { Markup } from '../../core/compose/composed.js';

/** Escapes the three characters Slack gives a meaning to in mrkdwn and message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The inverse of `escapeMrkdwn`, for `plain_text` fields (headers, buttons), which Slack shows as given. */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only web and mail links become Slack links; anything else stays visible text. */
const LINKABLE = /^(https?:\/\/|mailto:)[^\s|<>]+$/i;

/** The Slack markup: mrkdwn for section and context texts. */
export const slackMarkup: Markup = {
  escape: escapeMrkdwn,
  bold: (text) => `*${text}*`,
  italic: (text) => `_${text}_`,
  link: (url, label) =>
    LINKABLE.test(url)
      ? `<${url.replace(/&/g, '&amp;')}|${escapeMrkdwn(label)}>`
      : `${escapeMrkdwn(label)} (${escapeMrkdwn(url)})`,
  newline: '\n',
};
