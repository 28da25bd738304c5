/**
 * The seeds of a fault case's random choices, so every run can be replayed: `FAULT_SEED=<n>`
 * (or `<n>,<m>`) replays those seeds; otherwise each random case runs with
 * `FAULT_SEEDS_PER_RUN` fresh seeds (default 1; CI runs 2). Each seed is printed when its run
 * starts and named in the case's title, its table row and any failure. A case's seeds run
 * side by side (they mostly wait on chat timelines), so two seeds take about the time of one.
 */
import { randomInt } from 'node:crypto';
import { describe, it } from 'vitest';

/** The seeds this run uses for each random case. */
export function faultSeeds(env: NodeJS.ProcessEnv = process.env): number[] {
  const given = env.FAULT_SEED?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (given && given.length > 0) {
    const seeds = given.map(Number);
    if (seeds.some((s) => !Number.isInteger(s) || s < 0))
      throw new Error(`FAULT_SEED must be whole numbers separated by commas, not "${env.FAULT_SEED}"`);
    return seeds;
  }
  const count = Number(env.FAULT_SEEDS_PER_RUN ?? '1');
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`FAULT_SEEDS_PER_RUN must be a whole number of at least 1, not "${env.FAULT_SEEDS_PER_RUN}"`);
  return Array.from({ length: count }, () => randomInt(100_000));
}

/** Says which seed a case runs with, and how to replay it (printed at once, so a run that hangs still shows it). */
export function announceSeed(caseName: string, seed: number): void {
  process.stdout.write(`[fault] ${caseName}: seed ${seed} (replay with FAULT_SEED=${seed})\n`);
}

/** The line a failure ends with: how to replay it. */
export function replayHint(seed: number): string {
  return `replay with FAULT_SEED=${seed} npm run test:faults`;
}

/**
 * A case: one test per seed, run side by side (each gets its own resources and cleans them
 * up), after the cases before it and before the ones after it.
 */
export function itWithSeeds(title: string, run: (seed: number) => Promise<void>): void {
  describe(title, () => {
    for (const seed of faultSeeds()) it.concurrent(`FAULT_SEED=${seed}`, () => run(seed));
  });
}
