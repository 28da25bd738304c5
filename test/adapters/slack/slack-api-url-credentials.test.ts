/**
 * Why: `SLACK_API_URL` may hold credentials (`https://user:pass@proxy/api/`, a GovSlack
 * proxy or a test double). The unauthenticated `/readyz` and the logs name the API by its
 * origin only: a real process whose Slack is unreachable through such a URL says where it
 * tried, and never the user name or the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackProcess, waitFor, type SlackProcess } from '../../e2e/support/slack-process.js';

const USER = 'proxyuser-7f3a';
const PASSWORD = 'pr0xy-PASSWORD-s3cret';

describe('SLACK_API_URL with credentials', () => {
  let p: SlackProcess;
  beforeAll(async () => {
    // Port 9 (discard) refuses the connection: Slack is unreachable, and readiness says so.
    p = await startSlackProcess({
      mode: 'http',
      env: { SLACK_API_URL: `http://${USER}:${PASSWORD}@127.0.0.1:9/api/` },
    });
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('shows the origin only in /readyz and in the logs', async () => {
    const res = await fetch(`${p.baseUrl}/readyz`);
    const body = await res.text();
    expect(res.status).toBe(503);
    expect(body).toContain('The Slack Web API at http://127.0.0.1:9 is unreachable');
    await waitFor('the warning in the logs', () => p.logs.some((l) => l.includes('is unreachable')));
    for (const text of [body, p.logs.join('\n')]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(USER);
    }
  });
});
