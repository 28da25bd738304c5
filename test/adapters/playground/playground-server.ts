/**
 * Test support: a whole Roundtable process in playground mode on a free port (a fresh SQLite
 * store in a temporary folder, the example plans), and a Server-Sent Events reader over fetch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start, type Running } from '../../../src/main.js';
import { loadConfig } from '../../../src/config/load-config.js';

/** A running playground and how to reach and stop it. */
export interface Playground {
  running: Running;
  base: string;
  stop(): Promise<void>;
}

/** Starts Roundtable with no platform settings (the playground) on a free port. */
export async function startPlayground(env: Record<string, string> = {}): Promise<Playground> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-playground-'));
  const config = loadConfig({
    PORT: '0',
    ROUNDTABLE_STORE: `sqlite://${dir}/x.sqlite`,
    ROUNDTABLE_PLANS_DIR: 'chats',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const running = await start(config, { handleSignals: false });
  return {
    running,
    base: `http://127.0.0.1:${running.port}`,
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One event of a stream. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/** An open event stream: every event so far, and a way to wait for the next one that matches. */
export interface EventReader {
  events: StreamEvent[];
  /** The first event (received or to come) after the `from`-th that has `name` and passes `test`. */
  next<T = Record<string, unknown>>(name: string, test?: (data: T) => boolean, from?: number): Promise<T>;
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** How long `next` waits before failing with the events it saw. */
const GIVE_UP_MS = 20_000;

/** Opens `url` as a Server-Sent Events stream. */
export async function openEvents(url: string): Promise<EventReader> {
  const abort = new AbortController();
  const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`event stream: HTTP ${res.status}`);
  const events: StreamEvent[] = [];
  const waiters: (() => void)[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const ended = (async () => {
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data !== undefined) events.push({ event, data: JSON.parse(data) as unknown });
        }
        waiters.splice(0).forEach((wake) => wake());
      }
    } catch (err) {
      if ((err as Error).name !== 'AbortError') throw err;
    }
  })();
  return {
    events,
    next<T>(name: string, test: (data: T) => boolean = () => true, from = 0): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        // Not a timing assertion: a way to fail with what did arrive instead of a bare test timeout.
        const failure = new Error(`no "${name}" event matched`);
        const giveUp = setTimeout(() => {
          failure.message += `; received: ${events.map((e) => `${e.event} ${JSON.stringify(e.data).slice(0, 200)}`).join('\n')}`;
          reject(failure);
        }, GIVE_UP_MS);
        const look = () => {
          const found = events.slice(from).find((e) => e.event === name && test(e.data as T));
          if (!found) return void waiters.push(look);
          clearTimeout(giveUp);
          resolve(found.data as T);
        };
        look();
      });
    },
    ended,
    close: () => abort.abort(),
  };
}

/** POSTs JSON to the playground; returns the status and the parsed body. */
export async function postJson(
  base: string,
  action: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}/playground/api/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
