import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackProcess, waitFor, SIGNING_SECRET, type SlackProcess } from '../../e2e/support/slack-process.js';
import type { SlackStandin } from '../../support/slack/slack-standin.js';

const CHANNEL = 'C0LEADERS1';

/**
 * A switchable way to Slack: while down it drops every connection (as an unreachable host
 * would), while up it forwards Web API calls to the stand-in.
 */
async function startGate(): Promise<{ url: string; up: boolean; target?: SlackStandin; close(): Promise<void> }> {
  const gate = {
    url: '',
    up: false,
    target: undefined as SlackStandin | undefined,
    close: async () => undefined as void,
  };
  const server: Server = createServer(async (req, res) => {
    if (!gate.up || !gate.target) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const upstream = await fetch(`${gate.target.baseUrl.replace(/\/$/, '')}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length'),
      ) as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const headers: Record<string, string> = {};
    upstream.headers.forEach((value, key) => (headers[key] = value));
    res.writeHead(upstream.status, headers);
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  gate.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gate;
}

describe('Slack unreachable at start-up', () => {
  let p: SlackProcess | undefined;
  let gate: Awaited<ReturnType<typeof startGate>> | undefined;
  afterEach(async () => {
    await p?.stop();
    await gate?.close();
  });

  for (const mode of ['http', 'socket'] as const) {
    it(`starts anyway over ${mode}, says why it is not ready, acknowledges events, then recovers`, async () => {
      gate = await startGate();
      const g = gate;
      p = await startSlackProcess({
        mode,
        speed: 1,
        setup: (s) => {
          g.target = s;
          s.addChannel(CHANNEL, { name: 'leadersgc' });
          s.addUser({ id: 'U0BOB00001', name: 'bob' });
        },
        env: { SLACK_API_URL: g.url },
      });
      const down = await fetch(`${p.baseUrl}/readyz`);
      expect(down.status).toBe(503);
      const body = (await down.json()) as { checks: { name: string; ok: boolean; detail?: string }[] };
      const slack = body.checks.find((c) => c.name === 'slack')!;
      expect(slack.ok).toBe(false);
      expect(slack.detail).toMatch(/unreachable|cannot open|could not start/i);
      expect(JSON.stringify(body)).not.toContain(p.standin.botToken);
      expect(JSON.stringify(body)).not.toContain(p.standin.appToken);

      if (mode === 'http') {
        // Events are acknowledged though Slack's Web API is down (no auth.test per event).
        const event = p.standin.userPost(CHANNEL, 'U0BOB00001', 'hello');
        expect((await p.standin.sendEvent(event, { url: p.driver.url, signingSecret: SIGNING_SECRET })).status).toBe(
          200,
        );
      }

      g.up = true;
      await waitFor('readiness to recover', async () => (await fetch(`${p!.baseUrl}/readyz`)).status === 200, 90_000);
      if (mode === 'socket') expect(p.standin.socket.connections).toBe(1);
      const logs = p.logs.join('\n');
      expect(logs).toContain('connected to the Slack Web API');
      expect(logs).not.toContain(p.standin.botToken);
      expect(logs).not.toContain(p.standin.appToken);
    }, 120_000);
  }
});
