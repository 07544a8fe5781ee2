import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/**
 * Moves WAL checkpoints off the server's event loop. SQLite's automatic checkpoint runs inside
 * whichever commit crosses its threshold, fsync included: a stall of several milliseconds with
 * nothing relayed. Instead a worker thread with its own connection runs a PASSIVE checkpoint
 * every `everyMs` (PASSIVE never blocks the writer). What a client has received is in the WAL
 * either way, so the crash promise (SPEC §4) does not depend on checkpoints.
 */
export interface CheckpointOptions {
  everyMs: number;
  /** If the WAL file still grows past this (the worker died or cannot keep up), the server checkpoints itself. */
  maxWalBytes: number;
}

export const DEFAULT_CHECKPOINTS: CheckpointOptions = { everyMs: 1000, maxWalBytes: 64 * 1024 * 1024 };

// CommonJS, as `eval` workers are: no TypeScript, so the built server and tests under vitest run
// it alike. The driver's path comes from here, since an eval worker resolves from the cwd.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 0 });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next round tries again */ }
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpoints {
  /** Stops the worker and checkpoints everything into the database file. */
  close(): void;
}

/** Starts checkpointing `file` (the database `db` writes to) in the background. */
export function startCheckpoints(db: Database.Database, file: string, options: CheckpointOptions): Checkpoints {
  // Only this module checkpoints from now on; the WAL is also cut back to 16 MB whenever it
  // restarts, so one burst does not leave a large file behind.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`journal_size_limit = ${16 * 1024 * 1024}`);
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), file, everyMs: options.everyMs },
  });
  worker.unref();
  let workerAlive = true;
  worker.on('error', () => {
    workerAlive = false;
  });
  worker.on('exit', () => {
    workerAlive = false;
  });
  // The bound on the WAL: checked once a second (a stat, not a query), and only acted on when the
  // worker has fallen far behind; then one stall is better than a disk that fills up.
  const guard = setInterval(() => {
    if (!db.open) return;
    let size = 0;
    try {
      size = fs.statSync(`${file}-wal`).size;
    } catch {
      return;
    }
    // TRUNCATE leaves an empty file, so the next check sees only what was written since.
    if (size > options.maxWalBytes || (!workerAlive && size > 0)) db.pragma('wal_checkpoint(TRUNCATE)');
  }, 1000);
  guard.unref();

  return {
    close() {
      clearInterval(guard);
      if (workerAlive) worker.postMessage('stop');
      if (db.open) db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
