/**
 * Why: the playground gives organizer rights to whoever reaches it. A real process checks
 * that only the person at this computer does: a foreign `Host` (DNS rebinding) and a POST
 * from a foreign `Origin` are refused and start nothing; a `HOST` beyond loopback refuses
 * to start unless ROUNDTABLE_PLAYGROUND_PUBLIC=1 says so knowingly, and then warns.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { start } from '../../../src/main.js';
import { startPlayground, type Playground } from './playground-server.js';
import { memoryLogger } from '../../support/engine-harness.js';

/** One request with the headers a browser (or an attacker's page) would send. */
function send(
  port: number,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        headers: {
          ...headers,
          ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
      },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (c: string) => (text += c))
          .on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const startChat = (room: string) =>
  JSON.stringify({
    room,
    user: { id: 'p-org', name: 'Org', organizer: true },
    action: 'start',
    plan: 'leadersgc-monthly',
    speed: 60,
  });

describe('the playground answers only this computer', () => {
  let pg: Playground;
  let port: number;
  beforeAll(async () => {
    pg = await startPlayground();
    port = pg.running.port;
  });
  afterAll(async () => {
    await pg?.stop();
  });
  const runIn = (room: string) => pg.running.service.desk.latestRun({ platform: 'playground', id: room });

  it('serves the page to localhost, 127.0.0.1 and [::1] with the port, and refuses any other Host with 403', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'localhost']) {
      expect((await send(port, 'GET', '/', { host })).status, host).toBe(200);
    }
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1.evil.example:${port}`,
      `localhost.evil.example`,
    ]) {
      expect((await send(port, 'GET', '/', { host })).status, host).toBe(403);
      expect((await send(port, 'POST', '/playground/api/control', { host }, startChat('rebound'))).status, host).toBe(
        403,
      );
    }
    expect(await runIn('rebound')).toBeUndefined();
  });

  it('refuses a JSON POST from a foreign Origin (nothing starts) and takes it from its own page', async () => {
    const host = `127.0.0.1:${port}`;
    for (const origin of ['http://evil.example', `http://localhost:${port}`, 'null']) {
      expect(
        (await send(port, 'POST', '/playground/api/control', { host, origin }, startChat('csrf'))).status,
        origin,
      ).toBe(403);
    }
    expect(await runIn('csrf')).toBeUndefined();
    expect(
      (await send(port, 'POST', '/playground/api/control', { host, origin: `http://${host}` }, startChat('own')))
        .status,
    ).toBe(200);
    expect((await runIn('own'))?.status).toBe('running');
  });
});

describe('the playground beyond loopback', () => {
  it('refuses to start with HOST not loopback, naming ROUNDTABLE_PLAYGROUND_PUBLIC', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(/HOST=0\.0\.0\.0 .*ROUNDTABLE_PLAYGROUND_PUBLIC=1/);
    expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
  });

  it('starts with ROUNDTABLE_PLAYGROUND_PUBLIC=1, warns, and answers any Host (still refusing foreign Origins)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rt-public-'));
    const logger = memoryLogger();
    const config = loadConfig({
      HOST: '0.0.0.0',
      ROUNDTABLE_PLAYGROUND_PUBLIC: '1',
      PORT: '0',
      ROUNDTABLE_STORE: `sqlite://${dir}/x.sqlite`,
      ROUNDTABLE_PLANS_DIR: 'chats',
    });
    const running = await start(config, { handleSignals: false, logger });
    try {
      expect(
        logger.lines.filter((l) => l.startsWith('warn') && l.includes('ROUNDTABLE_PLAYGROUND_PUBLIC=1')),
      ).toHaveLength(1);
      expect((await send(running.port, 'GET', '/', { host: `rehearsal.example:${running.port}` })).status).toBe(200);
      expect(
        (
          await send(
            running.port,
            'POST',
            '/playground/api/control',
            { host: 'rehearsal.example', origin: 'http://evil.example' },
            startChat('x'),
          )
        ).status,
      ).toBe(403);
    } finally {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
