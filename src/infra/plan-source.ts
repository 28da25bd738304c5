/**
 * The `PlanSource` port over a plans folder. Every call reads the folder again, so a plan
 * edited while the bot runs is picked up by the next `plans`, `start` or `schedule`.
 */
import path from 'node:path';
import type { Lang, Plan } from '../core/plan/plan.js';
import type { PlanListing, PlanSource } from '../core/ports.js';
import type { ProblemTranslator } from '../core/plan/plan-problem.js';
import { RoundtableError } from '../core/errors.js';
import { formatProblem, loadPlanFolder, problemTranslator } from './plan-files.js';
import type { PlanFile } from './plan-files.js';

async function readFolder(dir: string): Promise<PlanFile[]> {
  try {
    return await loadPlanFolder(dir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RoundtableError('not_found', `Cannot read the plans folder ${dir} (${reason}): set ROUNDTABLE_PLANS_DIR to a folder of plan files.`, { cause: error });
  }
}

/**
 * Plans of folder `dir`. Listings give each file's first problem as `file:line:column  sentence`,
 * in English unless `t` translates.
 */
export function createPlanSource(dir: string, t?: ProblemTranslator): PlanSource {
  return {
    async list(lang?: Lang): Promise<PlanListing[]> {
      const files = await readFolder(dir);
      const words = lang ? problemTranslator(lang) : t;
      return files.map((f): PlanListing => {
        const first = f.problems[0];
        if (f.plan) return { id: f.id, file: path.basename(f.file), plan: f.plan };
        // Listings reach chat channels: name the file only, never the server's folders.
        return { id: f.id, file: path.basename(f.file), ...(first && { error: formatProblem({ ...first, file: path.basename(first.file) }, words) }) };
      });
    },
    async get(id: string): Promise<Plan | undefined> {
      const files = await readFolder(dir);
      return files.find((f) => f.plan?.id === id)?.plan;
    },
  };
}
