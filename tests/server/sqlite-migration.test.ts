import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databasePath, openSqliteStorage } from '../../server/src/sqlite-storage.js';
import { hashToken } from '../../server/src/tokens.js';
import { makeTempDir, removeDir } from './helpers.js';

// The schema as the first release created it: `updates` was a rowid table.
const OLD_SCHEMA = `
CREATE TABLE maps (id TEXT PRIMARY KEY, title TEXT NOT NULL, edit_token_hash BLOB NOT NULL,
  view_token_hash BLOB NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE updates (map_id TEXT NOT NULL REFERENCES maps(id), seq INTEGER NOT NULL,
  data BLOB NOT NULL, PRIMARY KEY (map_id, seq));
CREATE TABLE snapshots (map_id TEXT PRIMARY KEY REFERENCES maps(id), data BLOB NOT NULL,
  upto_seq INTEGER NOT NULL);
`;

let dataDir: string;
beforeEach(async () => {
  dataDir = await makeTempDir('causal-map-migration-');
});
afterEach(async () => {
  await removeDir(dataDir);
});

/** Writes a database the old way: map `a` with a snapshot up to seq 2 and updates 3..5. */
function writeOldDatabase(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < 5; i += 1) doc.getArray('order').push([`s${i}`]);
  const snapshotDoc = new Y.Doc();
  for (const update of updates.slice(0, 2)) Y.applyUpdate(snapshotDoc, update);
  const db = new Database(databasePath(dataDir));
  db.pragma('journal_mode = WAL');
  db.exec(OLD_SCHEMA);
  db.prepare('INSERT INTO maps VALUES (?, ?, ?, ?, ?)').run('a', 'A', hashToken('e'), hashToken('v'), 1);
  db.prepare('INSERT INTO snapshots VALUES (?, ?, ?)').run('a', Buffer.from(Y.encodeStateAsUpdate(snapshotDoc)), 2);
  const insert = db.prepare('INSERT INTO updates VALUES (?, ?, ?)');
  updates.slice(2).forEach((update, index) => insert.run('a', index + 3, Buffer.from(update)));
  db.close();
  return updates;
}

it('moves an updates table from before WITHOUT ROWID over, keeping every update and seq', async () => {
  const updates = writeOldDatabase();
  const storage = openSqliteStorage(dataDir);
  try {
    const stored = await storage.loadMap('a');
    expect(stored?.lastSeq).toBe(5);
    expect(stored?.updates.map((u) => Buffer.from(u).toString('hex'))).toEqual(
      updates.slice(2).map((u) => Buffer.from(u).toString('hex')),
    );
    const doc = new Y.Doc();
    if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update);
    expect(doc.getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    // Appending carries on after the migrated seqs.
    expect(await storage.appendUpdate('a', updates[0] ?? new Uint8Array())).toBe(6);
  } finally {
    await storage.close();
  }
  const db = new Database(databasePath(dataDir), { readonly: true });
  const sql = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'updates'").get()?.sql;
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
  db.close();
  expect(sql).toMatch(/WITHOUT ROWID/);
  expect(tables.map((t) => t.name).sort()).toEqual(['maps', 'snapshots', 'updates']);
  // A second start finds nothing to move.
  const again = openSqliteStorage(dataDir);
  expect((await again.loadMap('a'))?.lastSeq).toBe(6);
  await again.close();
});

it('checkpoints the WAL into the database file when closed', async () => {
  const storage = openSqliteStorage(dataDir);
  await storage.createMap({ id: 'a', title: 'A', editTokenHash: hashToken('e'), viewTokenHash: hashToken('v'), createdAt: 1 }, new Uint8Array([0, 0]));
  await storage.appendUpdate('a', new Uint8Array([0, 0]));
  await storage.close();
  // Truncated (or already gone, if no other connection was left): nothing waits in it.
  const wal = `${databasePath(dataDir)}-wal`;
  expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
  const db = new Database(databasePath(dataDir), { readonly: true });
  // The map's first state and the update after it, both in the journal.
  expect(db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM updates').get()?.n).toBe(2);
  db.close();
});

it('checkpoints on the server thread once the WAL passes its bound', async () => {
  // The worker would wait a minute: only the bound can empty the WAL within the test.
  const storage = openSqliteStorage(dataDir, { everyMs: 60_000, maxWalBytes: 1024 });
  const wal = `${databasePath(dataDir)}-wal`;
  try {
    await storage.createMap({ id: 'a', title: 'A', editTokenHash: hashToken('e'), viewTokenHash: hashToken('v'), createdAt: 1 }, new Uint8Array([0, 0]));
    for (let i = 0; i < 20; i += 1) await storage.appendUpdate('a', new Uint8Array(512));
    expect(fs.statSync(wal).size).toBeGreaterThan(1024);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(fs.statSync(wal).size).toBe(0);
    expect((await storage.loadMap('a'))?.updates).toHaveLength(20);
  } finally {
    await storage.close();
  }
});
