/**
 * Permalinks of people's messages, built from the workspace URL (`auth.test`) exactly as
 * `chat.getPermalink` gives them, so no Web API call stands between an event and the store.
 *
 * @example
 * permalinkOf('https://leadersgc.slack.com/', 'C0LEADERS1', '1700000000.000100')
 * // 'https://leadersgc.slack.com/archives/C0LEADERS1/p1700000000000100'
 */

/**
 * The permalink of message `ts` in `channel` (`…/archives/<channel>/p<ts without its dot>`,
 * with `thread_ts` and `cid` for a thread reply); undefined while the workspace URL is unknown.
 */
export function permalinkOf(
  workspaceUrl: string | undefined,
  channel: string,
  ts: string,
  threadTs?: string,
): string | undefined {
  if (!workspaceUrl) return undefined;
  const base = `${workspaceUrl.replace(/\/?$/, '/')}archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}
