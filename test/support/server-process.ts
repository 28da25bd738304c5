/**
 * Real Roundtable server processes for tests of what happens around them (signals, a busy
 * port, a second process on the same SQLite file): a free port, a spawned command with its
 * output kept, and waits that poll (never a fixed sleep) for the port to open or close.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import path from 'node:path';

/** A spawned process and everything it printed so far. */
export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name) once it exits. */
  exited: Promise<number | string>;
  /** Kills what is left of its process group (the test's own processes only). */
  dispose(): void;
}

/** The project's own CLI run from the sources, as `bin/roundtable.js` runs the build. */
export const CLI_FROM_SOURCES = path.resolve('test/support/roundtable-cli.mts');

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Spawns `command` in its own process group, with `env` added to this process's environment. */
export function spawnProcess(command: string, args: string[], env: Record<string, string>): Spawned {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return {
    child,
    output: () => out,
    exited,
    dispose() {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    },
  };
}

/** True when something accepts connections on `port` (loopback). */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until `port` is `open` (true) or closed (false); rejects after `withinMs`. */
export async function waitForPort(port: number, open: boolean, withinMs: number): Promise<number> {
  const started = Date.now();
  while ((await portOpen(port)) !== open) {
    if (Date.now() - started > withinMs)
      throw new Error(`port ${port} still ${open ? 'closed' : 'open'} after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}
