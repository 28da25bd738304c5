/**
 * Paces the bot's calls to the Bot Connector per conversation so Teams never has to refuse
 * them: Teams allows a bot, per conversation, 7 operations in 1 s, 8 in 2 s, 60 in 30 s
 * and 1,800 in an hour (new posts and sends are counted apart). Calls to one conversation
 * run one at a time, in order; a call refused anyway (429, or 412/502/503/504 while Teams
 * is busy) is retried with exponential backoff and jitter, honouring `Retry-After`, so
 * nothing is dropped; any other failure is the caller's.
 *
 * @example
 * const pacer = new ConversationPacer();
 * const id = await pacer.run('19:abc@thread.tacv2', 'create', () => postQuestion());
 */
import { RoundtableError } from '../../core/errors.js';

/** A window: at most `max` calls in any `ms`-long period. */
export interface PaceWindow {
  ms: number;
  max: number;
}

/** Teams' limits per bot and conversation. */
export const TEAMS_WINDOWS: readonly PaceWindow[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

/** What Teams counts apart: new conversations (channel posts) and everything sent into one. */
export type PaceBucket = 'create' | 'send' | 'read';

/** Statuses that mean "try again later". */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 503, 504]);

/** Injectable time and chance, for tests. */
export interface PacerOptions {
  windows?: readonly PaceWindow[];
  /** Attempts per call, the first included (default 6). */
  maxAttempts?: number;
  /** First backoff; doubles each retry (default 1,000 ms), capped by `maxBackoffMs` (default 30 s). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Extra margin added to every window, for clock and network skew (default 25 ms). */
  marginMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told about every retry. */
  onRetry?: (info: { key: string; attempt: number; status: number; waitMs: number }) => void;
}

/** Figures for the bench and tests. */
export interface PacerStats {
  calls: number;
  retries: number;
  /** Total time calls waited for a free slot. */
  waitedMs: number;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The HTTP status of a failed Connector call (botbuilder's RestError carries `statusCode`). */
export function statusOf(err: unknown): number | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const status = e.statusCode ?? e.status ?? e.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/** `Retry-After` of a failed call in ms (seconds or an HTTP date), if it said one. */
export function retryAfterOf(err: unknown, now: number): number | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const headers = (err as { response?: { headers?: { get?: (name: string) => string | undefined } } }).response
    ?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Per-conversation pacing and retries of Connector calls. */
export class ConversationPacer {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly history = new Map<string, number[]>();
  private readonly windows: readonly PaceWindow[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  readonly stats: PacerStats = { calls: 0, retries: 0, waitedMs: 0 };

  constructor(private readonly opts: PacerOptions = {}) {
    this.windows = opts.windows ?? TEAMS_WINDOWS;
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
  }

  /**
   * Runs `call` for conversation `key` once every earlier call to it has finished and a slot
   * is free in every window; retries it while Teams answers with a retryable status.
   */
  run<T>(key: string, bucket: PaceBucket, call: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(
      () => this.attempt(key, bucket, call),
      () => this.attempt(key, bucket, call),
    );
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  /** Resolves when every call queued so far has finished. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  /** How long a call in `key`/`bucket` must wait now for a free slot, 0 when it may go. */
  waitFor(key: string, bucket: PaceBucket): number {
    const times = this.history.get(`${bucket}|${key}`) ?? [];
    const t = this.now();
    const margin = this.opts.marginMs ?? 25;
    let wait = 0;
    for (const w of this.windows) {
      const span = w.ms + margin;
      const inWindow = times.filter((at) => at > t - span);
      if (inWindow.length >= w.max) wait = Math.max(wait, inWindow[inWindow.length - w.max]! + span - t);
    }
    return wait;
  }

  private record(key: string, bucket: PaceBucket): void {
    const id = `${bucket}|${key}`;
    const longest = Math.max(...this.windows.map((w) => w.ms)) + (this.opts.marginMs ?? 25);
    const t = this.now();
    const times = (this.history.get(id) ?? []).filter((at) => at > t - longest);
    times.push(t);
    this.history.set(id, times);
  }

  private async attempt<T>(key: string, bucket: PaceBucket, call: () => Promise<T>): Promise<T> {
    const maxAttempts = this.opts.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      for (let wait = this.waitFor(key, bucket); wait > 0; wait = this.waitFor(key, bucket)) {
        this.stats.waitedMs += wait;
        await this.sleep(wait);
      }
      this.stats.calls++;
      try {
        const result = await call();
        this.record(key, bucket);
        return result;
      } catch (err) {
        // A refused call counts too: Teams may have counted it.
        this.record(key, bucket);
        const status = statusOf(err);
        if (status === undefined || !RETRYABLE_STATUSES.has(status)) throw err;
        if (attempt >= maxAttempts) {
          throw new RoundtableError(
            'platform_unavailable',
            `Teams kept refusing a call to a conversation (HTTP ${status}) after ${attempt} attempts; it will be retried at the next step.`,
          );
        }
        const waitMs = this.backoff(attempt, retryAfterOf(err, this.now()));
        this.stats.retries++;
        this.opts.onRetry?.({ key, attempt, status, waitMs });
        await this.sleep(waitMs);
      }
    }
  }

  /** Full-jitter exponential backoff, never shorter than `Retry-After`. */
  private backoff(attempt: number, retryAfterMs: number | undefined): number {
    const base = this.opts.baseBackoffMs ?? 1_000;
    const cap = this.opts.maxBackoffMs ?? 30_000;
    const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
    const jittered = ceiling / 2 + this.random() * (ceiling / 2);
    return Math.round(Math.max(retryAfterMs ?? 0, jittered));
  }
}
