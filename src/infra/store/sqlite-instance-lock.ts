/**
 * One process per SQLite store: two processes on one file would each post every step of a
 * chat. The first process holds an exclusive SQLite lock on a small file beside the store
 * (`<file>.lock`) for as long as it runs; the operating system drops the lock when the
 * process ends, even on SIGKILL, so it is never left stale. A second process is refused
 * with a sentence naming the file and how to run several instances (Redis).
 */
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { StoreError } from './store-error.js';

/** A held lock; `release` lets another process open the store. */
export interface InstanceLock {
  /** The lock file. */
  readonly file: string;
  release(): Promise<void>;
}

/**
 * Takes the lock of the SQLite store at `storeFile`, or rejects with `store_locked` when
 * another process (or another store in this one) holds it.
 *
 * @example
 * const lock = await lockSqliteStore('./data/roundtable.sqlite'); // … await lock.release();
 */
export async function lockSqliteStore(storeFile: string): Promise<InstanceLock> {
  const file = `${path.resolve(storeFile)}.lock`;
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const opened: sqlite3.Database = new sqlite3.Database(file, (err) => (err ? reject(err) : resolve(opened)));
  });
  const close = (): Promise<void> =>
    new Promise((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
  try {
    // An exclusive transaction never committed: the lock lasts as long as this connection.
    await new Promise<void>((resolve, reject) =>
      db.exec('PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE', (err) => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    await close();
    if ((err as { code?: unknown }).code !== 'SQLITE_BUSY') throw err;
    throw new StoreError(
      'store_locked',
      `Another Roundtable process is already using the SQLite store ${path.resolve(storeFile)}. A SQLite store is for one process ` +
        '(two would post every step of a chat twice): stop the other process, or run several instances on one Redis store ' +
        'with ROUNDTABLE_STORE=redis://HOST:PORT.',
      { cause: err },
    );
  }
  let released: Promise<void> | undefined;
  return { file, release: () => (released ??= close()) };
}
