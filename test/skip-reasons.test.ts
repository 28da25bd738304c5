/**
 * `npm test`'s default output says why tests were skipped: a vitest run with the project's
 * settings on a sample where two tests skip because Redis is missing.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const VITEST = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');

describe('skipped tests', () => {
  it('are listed with their one-line reason after the summary', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [VITEST, 'run', '--config', 'test/fixtures/skips/vitest.skips.config.ts'],
      { env: { ...process.env, CI: '', NO_COLOR: '1' } },
    );
    expect(stdout).toMatch(/1 passed \| 2 skipped/);
    expect(stdout).toContain('Why tests were skipped:\n  2 tests skipped: REDIS_URL is not set\n');
  }, 60_000);
});
