/**
 * `npm start` runs the server so that signals reach it: a SIGTERM or SIGINT sent to the npm
 * process alone (not its group, as a process manager may do) stops the server promptly, and
 * its port closes. The real `npm start` on a free port with a temporary SQLite file.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildRequirement } from '../support/requirements.js';
import { freePort, spawnProcess, waitForPort, type Spawned } from '../support/server-process.js';

const built = buildRequirement();
const running: Spawned[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.dispose();
});

describe.skipIf(built.skip)(`npm start and signals${built.reason}`, () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`a ${signal} to the npm process stops the server and closes its port`, async () => {
      const port = await freePort();
      const dir = mkdtempSync(path.join(tmpdir(), 'rt-npm-start-'));
      const npm = spawnProcess('npm', ['start', '--silent'], {
        PORT: String(port),
        ROUNDTABLE_STORE: `sqlite://${path.join(dir, 'rt.sqlite')}`,
        LOG_LEVEL: 'warn',
      });
      running.push(npm);
      await waitForPort(port, true, 30_000);
      process.kill(npm.child.pid!, signal);
      // Before, the server went on for 20 s or more after npm itself had gone.
      await waitForPort(port, false, 5_000);
      expect(await npm.exited).not.toBe('unknown');
    }, 60_000);
  }
});
