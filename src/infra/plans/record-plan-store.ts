/**
 * The `PlanStore` on keyed collections (SQLite, Redis or memory). Optimistic concurrency
 * without locks: each version number is claimed with an atomic "set if absent", so of two
 * saves from the same base exactly one wins and the other is told who saved and when.
 * Claimed numbers outlive deleted versions, so a number is never given twice.
 */
import type {
  Clock,
  PlanSaveOptions,
  PlanSaveResult,
  PlanStore,
  PlanVersionInfo,
  StoredPlan,
} from '../../core/ports.js';
import type { PlanRecords } from './plan-records.js';
import { validatePlanData } from './plan-data.js';

/** Versions kept per plan; the 21st save drops the oldest. */
export const KEPT_VERSIONS = 20;

const enc = encodeURIComponent;
const headsColl = (ws: string): string => `plans:${enc(ws)}`;
const versionsColl = (ws: string, id: string): string => `plan-versions:${enc(ws)}:${enc(id)}`;
const numbersColl = (ws: string, id: string): string => `plan-numbers:${enc(ws)}:${enc(id)}`;

const parse = <T>(json: string): T => JSON.parse(json) as T;
const infoOf = (p: PlanVersionInfo): PlanVersionInfo => ({ number: p.number, author: p.author, at: p.at });

/** A plan store on `records`; `clock` dates the saves. */
export function createPlanStore(records: PlanRecords, clock: Clock): PlanStore {
  async function head(ws: string, id: string): Promise<PlanVersionInfo | undefined> {
    const json = await records.hget(headsColl(ws), id);
    return json === undefined ? undefined : parse<PlanVersionInfo>(json);
  }

  async function nextNumber(ws: string, id: string, base: number | undefined): Promise<number | PlanSaveResult> {
    const latest = await head(ws, id);
    if (base === undefined) {
      if (latest) return { ok: false, reason: 'conflict', latest };
      const claimed = (await records.hgetall(numbersColl(ws, id))).map(([n]) => Number(n));
      return Math.max(0, ...claimed) + 1;
    }
    if (!latest) return { ok: false, reason: 'unknown' };
    if (latest.number !== base) return { ok: false, reason: 'conflict', latest };
    return base + 1;
  }

  async function prune(ws: string, id: string): Promise<void> {
    const numbers = (await records.hgetall(versionsColl(ws, id))).map(([n]) => Number(n)).sort((a, b) => b - a);
    await Promise.all(numbers.slice(KEPT_VERSIONS).map((n) => records.hdel(versionsColl(ws, id), String(n))));
  }

  async function save(ws: string, source: unknown, opts: PlanSaveOptions): Promise<PlanSaveResult> {
    const checked = validatePlanData(source);
    if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems };
    const id = checked.plan.id;
    const number = await nextNumber(ws, id, opts.baseVersion);
    if (typeof number !== 'number') return number;
    if (!(await records.hsetnx(numbersColl(ws, id), String(number), '1'))) {
      const latest = await head(ws, id);
      return latest ? { ok: false, reason: 'conflict', latest } : { ok: false, reason: 'unknown' };
    }
    const saved: StoredPlan = {
      id,
      workspace: ws,
      number,
      author: { ...opts.author },
      at: clock.now(),
      source: source as Record<string, unknown>,
      plan: checked.plan,
    };
    await records.hset(versionsColl(ws, id), String(number), JSON.stringify(saved));
    await records.hset(headsColl(ws), id, JSON.stringify(infoOf(saved)));
    await prune(ws, id);
    return { ok: true, saved };
  }

  async function getVersion(ws: string, id: string, number: number): Promise<StoredPlan | undefined> {
    const json = await records.hget(versionsColl(ws, id), String(number));
    return json === undefined ? undefined : parse<StoredPlan>(json);
  }

  return {
    save,
    getVersion,
    async get(ws, id) {
      const latest = await head(ws, id);
      return latest ? getVersion(ws, id, latest.number) : undefined;
    },
    async list(ws) {
      const heads = (await records.hgetall(headsColl(ws))).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const plans = await Promise.all(
        heads.map(([id, json]) => getVersion(ws, id, parse<PlanVersionInfo>(json).number)),
      );
      return plans.filter((p): p is StoredPlan => p !== undefined);
    },
    async versions(ws, id) {
      const all = (await records.hgetall(versionsColl(ws, id))).map(([, json]) => infoOf(parse<StoredPlan>(json)));
      return all.sort((a, b) => b.number - a.number);
    },
    async restore(ws, id, number, opts) {
      const old = await getVersion(ws, id, number);
      if (!old) return { ok: false, reason: 'unknown' };
      return save(ws, old.source, opts);
    },
    async delete(ws, id) {
      const existed = await records.hdel(headsColl(ws), id);
      await records.hdrop(versionsColl(ws, id));
      return existed;
    },
  };
}
