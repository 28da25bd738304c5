/**
 * Why: a slow or numerous client must not hold the process. A real Slack process (Bolt
 * behind the shared server) runs with small limits, so the tests see each limit act
 * without waiting the production 15 and 30 seconds: a request trickled byte by byte gets
 * 408 and its connection closes, an idle keep-alive connection closes, and connections
 * beyond the cap are closed as they arrive while the others are served.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer } from '../../src/infra/http-server.js';
import { startSlackProcess, waitFor, type SlackProcess } from '../e2e/support/slack-process.js';
import { memoryLogger } from '../support/engine-harness.js';

/** A raw connection: what it received, and whether the server closed it. */
interface Raw {
  socket: Socket;
  received: () => string;
  closed: Promise<void>;
  isClosed: () => boolean;
}

async function open(port: number): Promise<Raw> {
  const socket = connect(port, '127.0.0.1');
  let data = '';
  let done = false;
  socket.on('data', (chunk) => (data += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  void closed.then(() => (done = true));
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return { socket, received: () => data, closed, isClosed: () => done };
}

/** Writes `text` one byte every `everyMs` until the server closes the connection. */
function trickle(raw: Raw, text: string, everyMs: number): void {
  let i = 0;
  const timer = setInterval(() => {
    if (raw.isClosed() || raw.socket.destroyed) return clearInterval(timer);
    raw.socket.write(text[i++ % text.length]!);
  }, everyMs);
  void raw.closed.then(() => clearInterval(timer));
}

describe('HTTP server limits', () => {
  let p: SlackProcess;
  let port: number;
  beforeAll(async () => {
    p = await startSlackProcess({
      mode: 'http',
      speed: 1,
      start: {
        httpLimits: {
          requestTimeoutMs: 600,
          headersTimeoutMs: 400,
          keepAliveTimeoutMs: 300,
          maxConnections: 3,
          checkIntervalMs: 50,
        },
      },
    });
    port = p.running.port;
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('closes connections beyond the cap as they arrive, and serves the ones within it', async () => {
    const held = [await open(port), await open(port), await open(port)];
    const extra = await open(port);
    await extra.closed;
    expect(extra.received()).toBe('');
    held[0]!.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await waitFor('the answer on a held connection', () => held[0]!.received().includes('"ok":true'));
    expect(held[0]!.received()).toMatch(/^HTTP\/1\.1 200/);
    for (const raw of held) raw.socket.destroy();
    await Promise.all(held.map((raw) => raw.closed));
    await waitFor(
      'a new connection to be served',
      async () => (await fetch(`${p.baseUrl}/healthz`).catch(() => undefined))?.status === 200,
    );
  });

  it('answers 408 to a body trickled past the request time limit, and closes the connection', async () => {
    const raw = await open(port);
    const now = Math.floor(Date.now() / 1000);
    raw.socket.write(
      `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nX-Slack-Request-Timestamp: ${now}\r\nX-Slack-Signature: v0=00\r\n\r\n`,
    );
    trickle(raw, '{"type":"event_callback"}', 20);
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('answers 408 to headers trickled past the header time limit, and closes the connection', async () => {
    const raw = await open(port);
    raw.socket.write('POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    trickle(raw, 'X-Slow: a\r\n', 20);
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes an idle keep-alive connection after its time limit', async () => {
    const raw = await open(port);
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('uses 15 s for headers, 30 s for a whole request, 5 s of keep-alive and a cap of 1,000 connections by default', async () => {
    const http = await startHttpServer({ host: '127.0.0.1', port: 0, logger: memoryLogger(), handlers: [], ready: [] });
    try {
      const { headersTimeout, requestTimeout, keepAliveTimeout, maxConnections } = http.server;
      expect({ headersTimeout, requestTimeout, keepAliveTimeout, maxConnections }).toEqual({
        headersTimeout: 15_000,
        requestTimeout: 30_000,
        keepAliveTimeout: 5_000,
        maxConnections: 1_000,
      });
    } finally {
      await http.close();
    }
  });
});
