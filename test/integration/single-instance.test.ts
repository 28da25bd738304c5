/**
 * Starting where something is in the way, with real processes: a port in use is named with
 * the way to choose another (no stack trace); a second process on the same SQLite file is
 * refused with a sentence naming the file and Redis; the lock goes with its process, on a
 * clean exit and on SIGKILL alike, so it is never left stale.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLI_FROM_SOURCES, freePort, spawnProcess, waitForPort, type Spawned } from '../support/server-process.js';

const running: Spawned[] = [];
const servers: Server[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) p.dispose();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

/** `roundtable serve` from the sources on `port`, with the SQLite store `file`. */
function serve(port: number, file: string): Spawned {
  const p = spawnProcess(process.execPath, ['--import', 'tsx', CLI_FROM_SOURCES, 'serve'], {
    PORT: String(port),
    ROUNDTABLE_STORE: `sqlite://${file}`,
    LOG_LEVEL: 'warn',
  });
  running.push(p);
  return p;
}

const storeFile = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'rt-single-')), 'data', 'rt.sqlite');

describe('one server per port and per SQLite store', () => {
  it('names a port in use and how to choose another, without a stack trace', async () => {
    const port = await freePort();
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    const p = serve(port, storeFile());
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain(`Port ${port} is already in use on 127.0.0.1`);
    expect(p.output()).toContain(`choose another port with PORT, for example PORT=${port + 1} npm start.`);
    expect(p.output()).not.toMatch(/^\s+at /m);
  }, 60_000);

  it('refuses a second process on the same SQLite file, and the lock never outlives its process', async () => {
    const file = storeFile();
    const [first, second, third, fourth] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const a = serve(first, file);
    await waitForPort(first, true, 30_000);

    const b = serve(second, file);
    expect(await b.exited).toBe(1);
    expect(b.output()).toContain(`Another Roundtable process is already using the SQLite store ${file}.`);
    expect(b.output()).toContain('ROUNDTABLE_STORE=redis://HOST:PORT');
    expect(b.output()).not.toMatch(/^\s+at /m);

    // SIGKILL: no shutdown code runs, yet the operating system lets go of the lock.
    process.kill(a.child.pid!, 'SIGKILL');
    expect(await a.exited).toBe('SIGKILL');
    const c = serve(third, file);
    await waitForPort(third, true, 30_000);

    // A clean exit releases it too.
    process.kill(c.child.pid!, 'SIGTERM');
    expect(await c.exited).toBe(0);
    serve(fourth, file);
    await waitForPort(fourth, true, 30_000);
  }, 120_000);
});
