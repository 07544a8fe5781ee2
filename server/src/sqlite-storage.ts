import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type CheckpointOptions, DEFAULT_CHECKPOINTS, startCheckpoints } from './sqlite-checkpoint.js';
import { prepareSchema } from './sqlite-schema.js';
import { type JournalEntry, type MapRecord, type MapRow, type Storage, type StoredMap, type UpdateMeta, type UpdateWrite, mapRecordOf } from './storage.js';



/** The file the maps live in, inside the data directory. */
export function databasePath(dataDir: string): string {
  return path.join(dataDir, 'causal-map.sqlite');
}

// better-sqlite3 binds Buffers; this views a Uint8Array as one without copying.
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Opens (creating if needed) the SQLite store in `dataDir`. */
export function openSqliteStorage(dataDir: string, checkpoints: CheckpointOptions = DEFAULT_CHECKPOINTS): Storage {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = databasePath(dataDir);
  const db = new Database(file);
  // WAL + synchronous=NORMAL: a committed transaction is in the WAL file before `run()` returns,
  // so it survives a crash or kill -9 of this process (the promise of SPEC §4). It can lose the
  // last transactions on a power cut or OS crash; FULL would cover that at the cost of one
  // fsync per keystroke-sized update.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  prepareSchema(db);
  const checkpointer = startCheckpoints(db, file, checkpoints);

  const insertMap = db.prepare(
    `INSERT INTO maps (id, title, edit_token_hash, view_token_hash, created_at)
     VALUES (@id, @title, @editTokenHash, @viewTokenHash, @createdAt)`,
  );
  const selectMap = db.prepare<[string], MapRow>('SELECT * FROM maps WHERE id = ?');
  const updateTokenHashes = db.prepare<{ id: string; edit: Buffer | null; view: Buffer | null }>(
    `UPDATE maps SET edit_token_hash = COALESCE(@edit, edit_token_hash),
                     view_token_hash = COALESCE(@view, view_token_hash)
     WHERE id = @id`,
  );
  const updateTitle = db.prepare<{ id: string; title: string }>('UPDATE maps SET title = @title WHERE id = @id');
  const selectSnapshot = db.prepare<[string], { data: Buffer; upto_seq: number }>(
    'SELECT data, upto_seq FROM snapshots WHERE map_id = ?',
  );
  const selectUpdates = db.prepare<[string, number], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE map_id = ? AND seq > ? ORDER BY seq',
  );
  // seq keeps growing past compactions, so an update is never mistaken for one a snapshot covers.
  const selectLastSeq = db.prepare<{ id: string }, { seq: number }>(
    `SELECT MAX(
       COALESCE((SELECT MAX(seq) FROM updates WHERE map_id = @id), 0),
       COALESCE((SELECT upto_seq FROM snapshots WHERE map_id = @id), 0)
     ) AS seq`,
  );
  const insertUpdate = db.prepare<[string, number, Buffer, number, string | null]>(
    'INSERT INTO updates (map_id, seq, data, received_at, author) VALUES (?, ?, ?, ?, ?)',
  );
  const selectJournal = db.prepare<[string], JournalRow>(
    'SELECT seq, data, received_at, author FROM updates WHERE map_id = ? ORDER BY seq',
  );
  const selectJournalAfter = db.prepare<[string, number], JournalRow>(
    'SELECT seq, data, received_at, author FROM updates WHERE map_id = ? AND seq > ? ORDER BY seq',
  );
  // The last seq of every map written since opening: this process is the database's only
  // writer, so an append need not look it up again (two subqueries on every keystroke).
  const lastSeqs = new Map<string, number>();
  const upsertSnapshot = db.prepare(
    `INSERT INTO snapshots (map_id, data, upto_seq) VALUES (@id, @data, @uptoSeq)
     ON CONFLICT (map_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq
     WHERE excluded.upto_seq >= snapshots.upto_seq`,
  );
  const countUpdates = db.prepare<{ id: string }, { count: number }>(
    `SELECT COUNT(*) AS count FROM updates
     WHERE map_id = @id AND seq > COALESCE((SELECT upto_seq FROM snapshots WHERE map_id = @id), 0)`,
  );

  // The first state is the journal's first entry, and the first snapshot covers it.
  const createMap = db.transaction((record: MapRecord, initialUpdate: Uint8Array) => {
    insertMap.run(record);
    insertUpdate.run(record.id, 1, asBuffer(initialUpdate), record.createdAt, null);
    upsertSnapshot.run({ id: record.id, data: asBuffer(initialUpdate), uptoSeq: 1 });
  });
  function appendOne(id: string, update: Uint8Array, meta?: UpdateMeta): number {
    const seq = (lastSeqs.get(id) ?? selectLastSeq.get({ id })?.seq ?? 0) + 1;
    insertUpdate.run(id, seq, asBuffer(update), meta?.receivedAt ?? Date.now(), meta?.by ?? null);
    lastSeqs.set(id, seq);
    return seq;
  }
  // Made once: better-sqlite3 builds a new wrapper (five functions) on every db.transaction() call,
  // and this one runs on every turn of the event loop that stores an update.
  const appendAll = db.transaction((writes: readonly UpdateWrite[]) =>
    writes.map((write): number | Error => {
      try {
        return appendOne(write.mapId, write.update, write.meta);
      } catch (error) {
        // One map's refused write (say it is gone) need not fail the others: SQLite undoes
        // only the failed statement.
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );

  // better-sqlite3 is synchronous: each method does its work when called and hands back a
  // settled promise, so a write is on disk before the caller's next line runs.
  return {
    async createMap(record, initialUpdate) {
      createMap(record, initialUpdate);
    },
    async getMap(id) {
      const row = selectMap.get(id);
      return row ? mapRecordOf(row) : undefined;
    },
    async replaceTokenHashes(id, hashes) {
      const result = updateTokenHashes.run({ id, edit: hashes.editTokenHash ?? null, view: hashes.viewTokenHash ?? null });
      return result.changes > 0;
    },
    async setTitle(id, title) {
      return updateTitle.run({ id, title }).changes > 0;
    },
    async loadMap(id): Promise<StoredMap | undefined> {
      if (!selectMap.get(id)) return undefined;
      const snapshot = selectSnapshot.get(id);
      const uptoSeq = snapshot?.upto_seq ?? 0;
      const rows = selectUpdates.all(id, uptoSeq);
      return {
        snapshot: snapshot?.data ?? null,
        updates: rows.map((row) => row.data),
        lastSeq: rows.at(-1)?.seq ?? uptoSeq,
      };
    },
    async appendUpdate(id, update, meta) {
      try {
        return db.transaction(() => appendOne(id, update, meta))();
      } catch (error) {
        lastSeqs.delete(id);
        throw error;
      }
    },
    async appendUpdates(writes) {
      try {
        return appendAll(writes);
      } catch (error) {
        // Rolled back: the seqs handed out inside were never stored.
        lastSeqs.clear();
        throw error;
      }
    },
    async journal(id) {
      if (!selectMap.get(id)) return undefined;
      return selectJournal.all(id).map(journalEntry);
    },
    async updatesAfter(id, seq) {
      return selectJournalAfter.all(id, seq).map(journalEntry);
    },
    async lastSeqs(ids) {
      const found = new Map<string, number>();
      for (const id of ids) {
        if (!selectMap.get(id)) continue;
        found.set(id, lastSeqs.get(id) ?? selectLastSeq.get({ id })?.seq ?? 0);
      }
      return found;
    },
    async compact(id, snapshot, uptoSeq) {
      // One statement: the snapshot and the point it covers change together.
      upsertSnapshot.run({ id, data: asBuffer(snapshot), uptoSeq });
    },
    async pendingUpdates(id) {
      return countUpdates.get({ id })?.count ?? 0;
    },
    async ping() {
      if (!db.open) throw new Error('the SQLite database is closed');
    },
    async close() {
      checkpointer.close();
      if (db.open) db.close();
    },
  };
}

interface JournalRow {
  seq: number;
  data: Buffer;
  received_at: number | null;
  author: string | null;
}

// Rows from before the journal kept times count as arrived at the beginning.
function journalEntry(row: JournalRow): JournalEntry {
  return { seq: row.seq, update: row.data, receivedAt: row.received_at ?? 0, by: row.author };
}
