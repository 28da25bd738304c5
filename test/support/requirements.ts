/**
 * What some tests need that a fresh laptop may lack: Redis at REDIS_URL, Chromium, and the
 * official schemas in ../shared/specs. Each helper returns the thing, or a one-line reason
 * to skip; with CI=true a missing requirement throws, so CI fails instead of skipping.
 *
 * @example
 * const redis = redisRequirement();
 * describe.skipIf(redis.skip)(`Redis store${redis.reason}`, () => { ... redis.value ... });
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** A requirement: its value when present, else why the tests skip. */
export interface Requirement<T> {
  value: T;
  skip: boolean;
  /** ` (skipped: …)` when missing, empty otherwise: append it to a describe title. */
  reason: string;
}

const inCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

function require_<T>(value: T | undefined, missing: string): Requirement<T> {
  if (value !== undefined) return { value, skip: false, reason: '' };
  if (inCi()) throw new Error(`CI=true and ${missing}: CI must provide it.`);
  return { value: undefined as T, skip: true, reason: ` (skipped: ${missing})` };
}

/** Redis URL from REDIS_URL. */
export function redisRequirement(): Requirement<string> {
  return require_(process.env.REDIS_URL || undefined, 'REDIS_URL is not set');
}

/** The `../shared/specs` folder (next to the project folder). */
export function specsRequirement(): Requirement<string> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const dir = process.env.ROUNDTABLE_SPECS_DIR ?? path.resolve(root, '../shared/specs');
  return require_(
    existsSync(path.join(dir, 'slack-block-kit.schema.json')) ? dir : undefined,
    `no specs folder at ${dir}`,
  );
}

/** The build in `dist/` that `bin/roundtable.js` and `npm start` run (made by `npm install`). */
export function buildRequirement(): Requirement<string> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const main = path.join(root, 'dist/cli/main.js');
  return require_(existsSync(main) ? main : undefined, 'no build in dist/ (npm run build)');
}

/** Debian's Chromium for browser tests. */
export function chromiumRequirement(): Requirement<string> {
  const bin = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  return require_(existsSync(bin) ? bin : undefined, `no Chromium at ${bin} (apt-get install -y chromium)`);
}
