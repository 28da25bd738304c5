/**
 * `roundtable validate <file or folder>...`: checks plan files the way the bot will read
 * them. Valid plans get a ✓ line and their next start times in local time; invalid ones
 * get every problem as `file:line:column  sentence`. Exit code 0 when all are valid.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { formatLocal } from '../core/plan/plan-local-time.js';
import { formatProblem, loadPlanFile, loadPlanFolder, refuseDuplicateIds } from '../infra/plan-files.js';
import type { PlanFile } from '../infra/plan-files.js';
import { nextStarts, startInstant } from '../infra/scheduler.js';

/** Where `validate` writes: normal lines and problems. */
export interface ValidateOutput {
  log(line: string): void;
  error(line: string): void;
}

/** How many upcoming starts of a recurring plan are shown. */
const UPCOMING = 3;

/** Whether `given` is a folder or a file, or why it cannot be read. */
async function kindOf(given: string): Promise<'folder' | 'file' | { reason: string }> {
  try {
    return (await stat(given)).isDirectory() ? 'folder' : 'file';
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    return {
      reason: code === 'ENOENT' ? 'no such file or folder' : error instanceof Error ? error.message : String(error),
    };
  }
}

async function collect(paths: readonly string[], out: ValidateOutput): Promise<{ files: PlanFile[]; failed: boolean }> {
  const files = new Map<string, PlanFile>();
  let failed = false;
  for (const given of paths) {
    const kind = await kindOf(given);
    if (typeof kind === 'object') {
      out.error(`${given}: ${kind.reason}. Give a plan file (.yaml, .yml, .json) or a folder of them.`);
      failed = true;
      continue;
    }
    const found = kind === 'folder' ? await loadPlanFolder(given) : [await loadPlanFile(given)];
    if (found.length === 0) {
      out.error(`${given}: no plan files here (*.yaml, *.yml, *.json).`);
      failed = true;
    }
    for (const f of found) files.set(path.resolve(f.file), f);
  }
  return { files: refuseDuplicateIds([...files.values()]), failed };
}

function describeValid(f: PlanFile, now: Date, out: ValidateOutput): void {
  const plan = f.plan;
  if (!plan) return;
  out.log(`✓ ${f.file}: ${plan.id} valid`);
  if (plan.repeat !== undefined) {
    const starts = nextStarts(plan, UPCOMING, now);
    out.log(`  next starts (${plan.repeat}):`);
    for (const start of starts) out.log(`    ${formatLocal(start.getTime(), plan.timezone)}`);
  } else if (plan.start !== undefined) {
    const at = startInstant(plan);
    if (at !== undefined)
      out.log(`  ${at > now.getTime() ? 'starts' : 'started (past)'} ${formatLocal(at, plan.timezone)}`);
  }
}

/**
 * Validates the plan files and folders in `paths`, writing the results to `out`.
 * Returns the exit code: 0 when every plan is valid, 1 otherwise, 2 without paths.
 */
export async function runValidate(paths: string[], out: ValidateOutput, now: Date = new Date()): Promise<number> {
  if (paths.length === 0) {
    out.error('Usage: roundtable validate <file or folder>...  (for example: roundtable validate chats/)');
    return 2;
  }
  const { files, failed } = await collect(paths, out);
  let invalid = 0;
  for (const f of files) {
    if (f.plan) {
      describeValid(f, now, out);
    } else {
      invalid++;
      for (const problem of f.problems) out.error(formatProblem(problem));
    }
  }
  const valid = files.length - invalid;
  const summary = `${valid} valid, ${invalid} invalid`;
  if (invalid > 0) out.error(summary);
  else out.log(summary);
  return invalid > 0 || failed ? 1 : 0;
}
