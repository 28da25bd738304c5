/**
 * Roundtable processes for fault cases: each a child `node` process (so SIGKILL is real),
 * started from a script that prints `ready <port>`, restarted on demand; their logs go to a
 * file each, kept for a look after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';

/** One slot of the cluster: the process running there now, if any. */
interface Slot {
  child?: ChildProcess;
  port?: number;
  starts: number;
}

/** A set of processes started from one script with one environment. */
export class ProcessCluster {
  private readonly slots: Slot[];
  kills = 0;
  /** Starts and kills, with time and port (for a look after a failure). */
  readonly history: string[] = [];

  constructor(
    private readonly script: string,
    private readonly env: Record<string, string>,
    size: number,
    private readonly logDir: string,
  ) {
    this.slots = Array.from({ length: size }, () => ({ starts: 0 }));
  }

  /** Starts every slot's process and waits until each is ready. */
  async startAll(): Promise<void> {
    await Promise.all(this.slots.map((_, i) => this.start(i)));
  }

  /** Starts the process of slot `i` and resolves once it listens. */
  start(i: number): Promise<void> {
    const slot = this.slots[i]!;
    slot.starts += 1;
    const log = createWriteStream(path.join(this.logDir, `instance-${i}-${slot.starts}.log`));
    const child = spawn(process.execPath, ['--import', 'tsx', this.script], {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr.pipe(log);
    slot.child = child;
    slot.port = undefined;
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /ready (\d+)/.exec(out);
        if (m && slot.port === undefined && slot.child === child) {
          slot.port = Number(m[1]);
          this.history.push(`${new Date().toISOString()} instance ${i} ready on ${slot.port}`);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        if (slot.child === child) {
          slot.child = undefined;
          slot.port = undefined;
        }
        if (!/ready/.test(out)) reject(new Error(`instance ${i} exited before it was ready (${signal ?? code})`));
      });
    });
  }

  /** Kills slot `i`'s process with SIGKILL and waits until it is gone. */
  async kill(i: number): Promise<void> {
    const child = this.slots[i]!.child;
    if (!child) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.history.push(`${new Date().toISOString()} instance ${i} on ${this.slots[i]!.port ?? '?'} killed`);
    child.kill('SIGKILL');
    this.kills += 1;
    await gone;
  }

  /** Stops every process gracefully (SIGTERM) and waits. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot) => {
        const child = slot.child;
        if (!child) return;
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await gone;
      }),
    );
  }

  /** Base URLs of the processes ready now. */
  urls(): string[] {
    return this.slots.flatMap((s) => (s.child && s.port !== undefined ? [`http://127.0.0.1:${s.port}`] : []));
  }

  get size(): number {
    return this.slots.length;
  }
}
