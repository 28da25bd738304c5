/**
 * The `PlanSource` port over a plans folder. Every call looks at the folder again (a listing
 * and a `stat` per file), so a plan edited while the bot runs is picked up by the next
 * `plans`, `start` or `schedule`; but a file is read and parsed only when it changed (its
 * size, modification time or inode), once per change however many people ask at once.
 */
import path from 'node:path';
import type { Lang, Plan } from '../core/plan/plan.js';
import type { PlanListing, PlanSource } from '../core/ports.js';
import type { ProblemTranslator } from '../core/plan/plan-problem.js';
import { RoundtableError } from '../core/errors.js';
import {
  fileStamp,
  formatProblem,
  loadPlanFile,
  planFilesOf,
  problemTranslator,
  refuseDuplicateIds,
} from './plan-files.js';
import type { PlanFile, PlanTextReader } from './plan-files.js';

/** How the plan source reads files (tests count reads through their own reader). */
export interface PlanSourceOptions {
  read?: PlanTextReader;
}

/** Parsed files by path, each with the stamp it was parsed at. */
type ParsedCache = Map<string, { stamp: string; file: PlanFile }>;

async function listFolder(dir: string): Promise<string[]> {
  try {
    return await planFilesOf(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RoundtableError(
      'not_found',
      `Cannot read the plans folder ${dir} (${reason}): set ROUNDTABLE_PLANS_DIR to a folder of plan files.`,
      { cause: error },
    );
  }
}

/** Every plan file of `dir`, parsing only those whose stamp is not the cached one. */
async function scanFolder(dir: string, cache: ParsedCache, opts: PlanSourceOptions): Promise<PlanFile[]> {
  const paths = await listFolder(dir);
  const files = await Promise.all(
    paths.map(async (file) => {
      const now = await fileStamp(file);
      const hit = cache.get(file);
      if (now && hit?.stamp === now.stamp) return hit.file;
      const parsed = await loadPlanFile(file, { size: now?.size, ...(opts.read ? { read: opts.read } : {}) });
      if (now) cache.set(file, { stamp: now.stamp, file: parsed });
      return parsed;
    }),
  );
  const present = new Set(paths);
  for (const file of cache.keys()) if (!present.has(file)) cache.delete(file);
  return refuseDuplicateIds(files);
}

/**
 * Plans of folder `dir`. Listings give each file's first problem as `file:line:column  sentence`,
 * in English unless `t` translates.
 *
 * @example
 * const plans = createPlanSource(config.plansDir);
 * const plan = await plans.get('leadersgc-mental-health');
 */
export function createPlanSource(dir: string, t?: ProblemTranslator, opts: PlanSourceOptions = {}): PlanSource {
  const cache: ParsedCache = new Map();
  let scanning: Promise<PlanFile[]> | undefined;
  // Requests that arrive during a scan share it, so a change is parsed once.
  const scan = (): Promise<PlanFile[]> =>
    (scanning ??= scanFolder(dir, cache, opts).finally(() => (scanning = undefined)));
  return {
    async list(lang?: Lang): Promise<PlanListing[]> {
      const files = await scan();
      const words = lang ? problemTranslator(lang) : t;
      return files.map((f): PlanListing => {
        const first = f.problems[0];
        if (f.plan) return { id: f.id, file: path.basename(f.file), plan: f.plan };
        // Listings reach chat channels: name the file only, never the server's folders.
        return {
          id: f.id,
          file: path.basename(f.file),
          ...(first && { error: formatProblem({ ...first, file: path.basename(first.file) }, words) }),
        };
      });
    },
    async get(id: string): Promise<Plan | undefined> {
      const files = await scan();
      return files.find((f) => f.plan?.id === id)?.plan;
    },
  };
}
