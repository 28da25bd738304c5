/**
 * Why: a signed Slack request stays valid for five minutes, so anyone who saw one (a proxy
 * log, a captured request) could send it again and make it act twice (a second click
 * withdrew a vote). Each command, click and form submission has an id of its own; the
 * listeners claim it once in the store (shared by every instance) and drop a repeat.
 */

/**
 * How long a claim is kept: as long as a request's signature can still be accepted. A
 * timestamp may be up to five minutes ahead of this server's clock and is accepted until
 * five minutes after it, so ten minutes in all.
 */
export const REPLAY_WINDOW_MS = 10 * 60_000;

/**
 * The id that makes a request single-use, or undefined for requests that have none (events
 * are deduplicated on their envelope `event_id` instead): a command's `trigger_id`, a
 * click's user and `action_ts`, a form's view id and hash.
 *
 * @example
 * replayKey({ command: '/roundtable', trigger_id: '123.456.abc' }) // 'slack:command:123.456.abc'
 */
export function replayKey(body: unknown): string | undefined {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.command === 'string' && typeof b.trigger_id === 'string') return `slack:command:${b.trigger_id}`;
  if (b.type === 'block_actions') {
    const user = (b.user as { id?: unknown } | undefined)?.id;
    const actionTs = (Array.isArray(b.actions) ? (b.actions[0] as { action_ts?: unknown } | undefined) : undefined)
      ?.action_ts;
    return typeof user === 'string' && typeof actionTs === 'string' ? `slack:click:${user}:${actionTs}` : undefined;
  }
  if (b.type === 'view_submission') {
    const view = (b.view ?? {}) as { id?: unknown; hash?: unknown };
    return typeof view.id === 'string' && typeof view.hash === 'string'
      ? `slack:view:${view.id}:${view.hash}`
      : undefined;
  }
  return undefined;
}

/**
 * The replay key of `body` when it was already claimed (a replay to drop), else undefined;
 * `claim` is the store's one-write claim (`ChatService.firstDelivery`), true the first time.
 */
export async function replayOf(
  body: unknown,
  claim: (key: string, ttlMs: number) => Promise<boolean>,
): Promise<string | undefined> {
  const key = replayKey(body);
  return key && !(await claim(key, REPLAY_WINDOW_MS)) ? key : undefined;
}
