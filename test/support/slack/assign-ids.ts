/**
 * What Slack adds to blocks it stores: a `block_id` on every block that has none, and an
 * `action_id` on every interactive element that has none (short random strings), so an
 * app sees in action payloads and history what it would see from Slack.
 */
import { randomBytes } from 'node:crypto';

/** A short Slack-generated identifier such as `Xk3aZ`. */
function generatedId(): string {
  return randomBytes(4).toString('base64url').slice(0, 5);
}

/** Element types that are not interactive (no `action_id`). */
const STATIC_ELEMENTS = new Set(['image', 'mrkdwn', 'plain_text']);

function withActionId(element: unknown): unknown {
  if (typeof element !== 'object' || element === null) return element;
  const item = element as Record<string, unknown>;
  if (typeof item.type !== 'string' || STATIC_ELEMENTS.has(item.type) || typeof item.action_id === 'string')
    return item;
  return { ...item, action_id: generatedId() };
}

/** A copy of `blocks` with the ids Slack would generate. */
export function assignSlackIds(blocks: unknown[]): unknown[] {
  return blocks.map((block) => {
    if (typeof block !== 'object' || block === null) return block;
    const copy = structuredClone(block) as Record<string, unknown>;
    if (typeof copy.block_id !== 'string' && copy.type !== 'markdown') copy.block_id = generatedId();
    if (copy.type === 'actions' || copy.type === 'context_actions') {
      if (Array.isArray(copy.elements)) copy.elements = copy.elements.map(withActionId);
    }
    if (copy.accessory !== undefined) copy.accessory = withActionId(copy.accessory);
    if (copy.type === 'input') copy.element = withActionId(copy.element);
    if (Array.isArray(copy.child_blocks)) copy.child_blocks = assignSlackIds(copy.child_blocks);
    return copy;
  });
}
