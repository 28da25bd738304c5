/**
 * What only the SQLite store does: the file and its folder, durability across a restart,
 * what the rows look like, and SQLite failures surfacing as coded errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import KeyvSqlite from '@keyv/sqlite';
import { createStore } from '../../src/infra/store/create-store.js';
import type { Logger } from '../../src/core/ports.js';
import type { Answer, Ballot } from '../../src/core/engine/records.js';
import type { Run } from '../../src/core/engine/run.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const dir = mkdtempSync(path.join(tmpdir(), 'rt-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const answer: Answer = {
  id: '1700000000.000200',
  number: 2,
  user: { id: 'U1', name: 'Ann' },
  text: 'Bonjour « tous »',
  at: 10,
  reactions: 1,
  via: 'thread',
};
const ballot: Ballot = { poll: 1, voter: 'U1', user: { id: 'U1', name: 'Ann' }, options: [1], at: 11 };
const run = { id: 'r1', status: 'running', startedAt: 5, planId: 'p' } as unknown as Run;

/** Reads the file with a second connection, as an operator would. */
async function rawQuery(file: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const db = new KeyvSqlite({ uri: `sqlite://${file}` });
  try {
    return (await db.query(sql)) as Array<Record<string, unknown>>;
  } finally {
    await db.disconnect();
  }
}

describe('SQLite store', () => {
  it('creates missing folders and keeps everything across close and reopen', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'roundtable.sqlite');
    const first = await createStore(`sqlite://${file}`, { logger: quiet });
    await first.saveRun(run);
    await first.putAnswer('r1', answer);
    await first.putBallot('r1', ballot);
    expect(await first.addReaction('r1', answer.id, 'U2', 'heart')).toBe(true);
    await first.putStep('r1:q2', { state: 'done', at: 12, ref: { id: '1.3' } });
    await first.setUserLang('U1', 'fr');
    await first.setValue('teams:ref', { id: '19:x' });
    expect(await first.claimEvent('Ev1', 60_000)).toBe(true);
    await first.close();

    const again = await createStore(`sqlite://${file}`, { logger: quiet });
    try {
      expect(await again.getRun('r1')).toEqual(run);
      expect(await again.activeRunIds()).toEqual(['r1']);
      expect(await again.listAnswers('r1')).toEqual([answer]);
      expect(await again.listBallots('r1', 1)).toEqual([ballot]);
      expect(await again.addReaction('r1', answer.id, 'U2', 'heart')).toBe(false);
      expect(await again.getStep('r1:q2')).toEqual({ state: 'done', at: 12, ref: { id: '1.3' } });
      expect(await again.getUserLang('U1')).toBe('fr');
      expect(await again.getValue('teams:ref')).toEqual({ id: '19:x' });
      expect(await again.claimEvent('Ev1', 60_000)).toBe(false);
    } finally {
      await again.close();
    }
  });

  it('stores JSON rows under its namespace only, in a WAL-mode file', async () => {
    const file = path.join(dir, 'rows.sqlite');
    const s = await createStore(`sqlite://${file}`, { namespace: 'ns-a', logger: quiet });
    await s.saveRun(run);
    await s.putAnswer('r1', answer);
    await s.setUserLang('U1', 'en');
    await s.claimEvent('Ev1', 60_000);
    await s.close();

    const kvKeys = (await rawQuery(file, 'SELECT key FROM keyv ORDER BY key')).map((r) => r.key);
    expect(kvKeys).toEqual(['ns-a:lang:U1', 'ns-a:run:r1']);
    const records = await rawQuery(file, 'SELECT ns, coll, field, value FROM records ORDER BY coll, field');
    expect(records.map((r) => `${String(r.ns)}|${String(r.coll)}|${String(r.field)}`)).toEqual([
      'ns-a|active|r1',
      'ns-a|answers:r1|1700000000.000200',
      'ns-a|claims|event:Ev1',
      'ns-a|runs|r1',
    ]);
    expect(JSON.parse(String(records[1]?.value))).toEqual(answer);
    expect((await rawQuery(file, 'PRAGMA journal_mode'))[0]?.journal_mode).toBe('wal');
  });

  it('sweeps expired event claims and values when purging', async () => {
    const file = path.join(dir, 'sweep.sqlite');
    const s = await createStore(`sqlite://${file}`, { logger: quiet });
    await s.claimEvent('short', 1);
    await s.claimEvent('long', 60_000);
    await s.setValue('brief', 'x', 1);
    await s.setValue('lasting', 'y', 60_000);
    await s.setValue('forever', 'z');
    await new Promise((r) => setTimeout(r, 50));
    expect(await s.purgeBefore(0)).toBe(0);
    await s.close();
    const claims = (await rawQuery(file, "SELECT field FROM records WHERE coll = 'claims'")).map((r) => r.field);
    expect(claims).toEqual(['event:long']);
    const values = (await rawQuery(file, 'SELECT key FROM keyv ORDER BY key')).map((r) => r.key);
    expect(values).toEqual(['roundtable:value:forever', 'roundtable:value:lasting']);
  });

  it('rejects with a coded error when the file cannot be opened', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    await expect(createStore(`sqlite://${path.join(blocker, 'db.sqlite')}`, { logger: quiet })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'store_unavailable',
    });
    await expect(createStore(`sqlite://${dir}`, { logger: quiet })).rejects.toMatchObject({
      code: 'store_unavailable',
    });
  });

  it('surfaces SQLite errors on operations instead of swallowing them', async () => {
    const file = path.join(dir, 'broken.sqlite');
    const errors: Error[] = [];
    const s = await createStore(`sqlite://${file}`, { logger: quiet, onError: (e) => errors.push(e) });
    try {
      await rawQuery(file, 'DROP TABLE records');
      await expect(s.putAnswer('r1', answer)).rejects.toMatchObject({
        code: 'store_failed',
        message: expect.stringMatching(/no such table/),
      });
      expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['store_failed']);
      await rawQuery(file, 'DROP TABLE keyv');
      await expect(s.getRun('r1')).rejects.toMatchObject({ code: 'store_failed' });
    } finally {
      await s.close();
    }
  });

  it('refuses unknown store URLs with a sentence that names the fix and no password', async () => {
    const err = await createStore('postgres://admin:s3cr3t@db:5432/rt', { logger: quiet }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'store_bad_url' });
    expect(String((err as Error).message)).toMatch(/sqlite:\/\/PATH/);
    expect(String((err as Error).message)).not.toContain('s3cr3t');
    await expect(createStore('sqlite://', { logger: quiet })).rejects.toMatchObject({ code: 'store_bad_url' });
    await expect(createStore('sqlite://./x', { logger: quiet, namespace: 'a b' })).rejects.toMatchObject({
      code: 'store_bad_url',
    });
  });
});
