/**
 * A Redis server of a test's own, on a spare loopback port, that the test may freeze, stop
 * and start again without touching the shared one on 6379. `persist: true` keeps the data
 * across a stop (append-only file, fsync on every write) as a production Redis would;
 * without it the server keeps nothing on disk (`--save "" --appendonly no`).
 *
 * @example
 * const redis = await startRedisServer();
 * redis.freeze(); ... redis.thaw();
 * await redis.stop(); ... await redis.start();
 * await redis.dispose();
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Whether `redis-server` can be run here (with a reason to skip when not). */
export function redisServerAvailable(): { ok: boolean; reason: string } {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0) return { ok: true, reason: '' };
  if (process.env.CI === 'true' || process.env.CI === '1')
    throw new Error('CI=true and redis-server is not installed: CI must provide it.');
  return { ok: false, reason: ' (skipped: redis-server is not installed)' };
}

/** A free loopback port (bound and released at once). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A PING round trip; true when Redis answered PONG within `ms`. */
function ping(port: number, ms = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // A server with a password answers -NOAUTH: it is up all the same.
    socket.once('data', (d) => done(/^(\+PONG|-NOAUTH)/.test(d.toString())));
  });
}

/** A running (or stopped) Redis server of the test's own. */
export class RedisServer {
  private child?: ChildProcess;
  private frozen = false;

  constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly persist: boolean,
    private readonly password?: string,
  ) {}

  /** `redis://127.0.0.1:<port>`. */
  get url(): string {
    return `redis://${this.password ? `:${encodeURIComponent(this.password)}@` : ''}127.0.0.1:${this.port}`;
  }

  /** Starts the server and waits until it answers. */
  async start(): Promise<void> {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--save',
      '',
      '--protected-mode',
      'no',
    ];
    args.push(...(this.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
    if (this.password) args.push('--requirepass', this.password);
    this.child = spawn('redis-server', args, { stdio: 'ignore' });
    for (let i = 0; i < 200; i++) {
      if (await ping(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`redis-server on port ${this.port} did not start`);
  }

  /** Stops answering without closing connections (SIGSTOP): clients see a hung server. */
  freeze(): void {
    this.child?.kill('SIGSTOP');
    this.frozen = true;
  }

  /** Resumes a frozen server (SIGCONT). */
  thaw(): void {
    this.child?.kill('SIGCONT');
    this.frozen = false;
  }

  /** Stops the server (connections refused until `start`); with `persist` the data survives. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    if (this.frozen) this.thaw();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
    this.child = undefined;
  }

  /** Stops the server and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Starts a Redis server on a spare port. */
export async function startRedisServer(opts: { persist?: boolean; password?: string } = {}): Promise<RedisServer> {
  const server = new RedisServer(
    await freePort(),
    mkdtempSync(path.join(tmpdir(), 'rt-redis-')),
    opts.persist ?? false,
    opts.password,
  );
  await server.start();
  return server;
}
