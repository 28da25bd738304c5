/** Reading what the bot posted in the Teams stand-in: the texts and buttons of its cards. */
import type { StoredMessage } from '../../../support/teams/connector-state.js';

type Node = Record<string, unknown>;

function walk(nodes: unknown, out: Node[]): Node[] {
  if (!Array.isArray(nodes)) return out;
  for (const node of nodes as Node[]) {
    out.push(node);
    walk(node.items, out);
    walk(node.actions, out);
  }
  return out;
}

/** The Adaptive Card a stored message carries (the first attachment's content), if any. */
export function cardOf(message: StoredMessage | { attachments?: unknown[] } | undefined): Node | undefined {
  const attachment = (message?.attachments as Array<{ contentType?: string; content?: unknown }> | undefined)?.[0];
  return attachment?.contentType === 'application/vnd.microsoft.card.adaptive'
    ? (attachment.content as Node)
    : undefined;
}

/** Every TextBlock text of a card, joined by new lines (zero-width spaces removed). */
export function cardText(card: Node | undefined): string {
  return walk(card?.body, [])
    .filter((n) => n.type === 'TextBlock')
    .map((n) => String(n.text).replace(/\u200b/g, ''))
    .join('\n');
}

/** The text of a stored message's card. */
export function messageText(message: StoredMessage | undefined): string {
  return cardText(cardOf(message));
}

/** The `Action.Execute` buttons of a card: title and button value. */
export function cardButtons(card: Node | undefined): Array<{ title: string; value: string }> {
  return walk(card?.body, [])
    .filter((n) => n.type === 'Action.Execute')
    .map((n) => ({ title: String(n.title), value: String((n.data as { value?: unknown }).value) }));
}

/** The `Action.OpenUrl` buttons of a card: title and URL. */
export function cardLinks(card: Node | undefined): Array<{ title: string; url: string }> {
  return walk(card?.body, [])
    .filter((n) => n.type === 'Action.OpenUrl')
    .map((n) => ({ title: String(n.title), url: String(n.url) }));
}
