import pg from 'pg';
import { type Logger, pino } from 'pino';
import { migrate } from './pg-schema.js';
import { type JournalEntry, type MapRecord, type MapRow, type Storage, type StoredMap, type UpdateWrite, mapRecordOf } from './storage.js';

export interface PgStorageOptions {
  /** The most connections this node opens (default 10). */
  poolSize?: number;
  log?: Logger;
}

// int8 columns arrive as strings (pg will not guess at precision); seqs and ms timestamps
// fit in a double, so they are read with Number.
type Int8 = string;


interface JournalRow {
  seq: Int8;
  data: Buffer;
  received_at: Int8 | null;
  author: string | null;
}

// Named statements: each connection parses and plans them once, not on every keystroke.
const SELECT_MAP = { name: 'get-map', text: 'SELECT id, title, edit_token_hash, view_token_hash, created_at FROM maps WHERE id = $1' };
// One statement sees one snapshot of the database, so the updates match the snapshot beside
// them even while another node compacts. Part 0 only says the map exists.
const LOAD_MAP = {
  name: 'load-map',
  text: `SELECT 0 AS part, last_seq AS seq, NULL::bytea AS data FROM maps WHERE id = $1
         UNION ALL SELECT 1, upto_seq, data FROM snapshots WHERE map_id = $1
         UNION ALL SELECT 2, seq, data FROM updates
           WHERE map_id = $1 AND seq > COALESCE((SELECT upto_seq FROM snapshots WHERE map_id = $1), 0)
         ORDER BY part, seq`,
};
// Bumping last_seq locks the map's row until commit, so nodes appending to one map take turns
// and each takes the next seqs: contiguous, no gaps. Both steps are one statement (one round
// trip while the lock is held); an unknown map matches no row, inserts nothing and returns none.
const APPEND = {
  name: 'append-updates',
  text: `WITH bumped AS (
           UPDATE maps SET last_seq = last_seq + cardinality($2::bytea[]) WHERE id = $1 RETURNING last_seq
         ), stored AS (
           INSERT INTO updates (map_id, seq, data, received_at, author)
           SELECT $1, bumped.last_seq - cardinality($2::bytea[]) + u.ord, u.data, u.received_at, u.author
           FROM bumped, unnest($2::bytea[], $3::bigint[], $4::text[]) WITH ORDINALITY AS u(data, received_at, author, ord)
         )
         SELECT last_seq FROM bumped`,
};
const JOURNAL_AFTER = 'SELECT seq, data, received_at, author FROM updates WHERE map_id = $1 AND seq > $2 ORDER BY seq';

// How long /healthz waits for an answer before calling the database down.
const PING_TIMEOUT_MS = 2_000;

/** Opens a pool on the PostgreSQL database at `url` and brings its schema up to date. */
export async function openPgStorage(url: string, options: PgStorageOptions = {}): Promise<Storage> {
  const log = options.log ?? pino();
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Fail fast when PostgreSQL is down or unreachable instead of queueing callers forever.
    connectionTimeoutMillis: 3_000,
    keepAlive: true,
  });
  // An idle connection that breaks (PostgreSQL restarts, a network blip) is an 'error' on the
  // pool; unheard, it would crash the process. The pool drops it and connects anew when asked.
  pool.on('error', (error) => log.warn({ err: error }, 'an idle PostgreSQL connection failed'));

  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A checked-out client has no pool listener: one that breaks between two queries must not
    // crash the process either (the next query fails, and so does the transaction).
    const onError = (error: Error): void => log.warn({ err: error }, 'a PostgreSQL connection failed mid-transaction');
    client.on('error', onError);
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      // A failed ROLLBACK means the connection is gone: it must not go back to the pool.
      broken = await client.query('ROLLBACK').then(() => false, () => true);
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  try {
    await transaction(migrate);
  } catch (error) {
    await pool.end();
    throw error;
  }

  // One map's share of a batch, as one statement; undefined if there is no such map.
  async function appendToMap(client: pg.Pool | pg.PoolClient, mapId: string, writes: readonly UpdateWrite[]): Promise<number | undefined> {
    const result = await client.query<{ last_seq: Int8 }>({
      ...APPEND,
      values: [mapId, writes.map((write) => write.update), writes.map((write) => write.meta.receivedAt), writes.map((write) => write.meta.by)],
    });
    const last = result.rows[0];
    return last === undefined ? undefined : Number(last.last_seq);
  }

  async function appendUpdates(writes: readonly UpdateWrite[]): Promise<Array<number | Error>> {
    if (writes.length === 0) return [];
    // Each map's updates, in the order given, with where their results go.
    const byMap = new Map<string, { writes: UpdateWrite[]; slots: number[] }>();
    writes.forEach((write, slot) => {
      const group = byMap.get(write.mapId) ?? { writes: [], slots: [] };
      group.writes.push(write);
      group.slots.push(slot);
      byMap.set(write.mapId, group);
    });
    // Maps are locked in id order, so two nodes' batches never wait on each other in a circle.
    const mapIds = [...byMap.keys()].sort();
    const appendAll = async (client: pg.Pool | pg.PoolClient): Promise<Map<string, number | undefined>> => {
      const lasts = new Map<string, number | undefined>();
      for (const mapId of mapIds) lasts.set(mapId, await appendToMap(client, mapId, byMap.get(mapId)?.writes ?? []));
      return lasts;
    };
    // One statement is a transaction of its own: the usual batch (one map) needs no BEGIN.
    const lasts = mapIds.length === 1 ? await appendAll(pool) : await transaction(appendAll);
    const results = new Array<number | Error>(writes.length);
    for (const [mapId, group] of byMap) {
      const last = lasts.get(mapId);
      group.slots.forEach((slot, i) => {
        results[slot] = last === undefined ? new Error(`no such map: ${mapId}`) : last - group.slots.length + 1 + i;
      });
    }
    return results;
  }

  async function journalRows(id: string, after: number): Promise<JournalEntry[]> {
    const result = await pool.query<JournalRow>({ name: 'journal-after', text: JOURNAL_AFTER, values: [id, after] });
    return result.rows.map(journalEntry);
  }

  let closing: Promise<void> | undefined;

  return {
    async createMap(record: MapRecord, initialUpdate) {
      // The first state is the journal's first entry, and the first snapshot covers it.
      await transaction(async (client) => {
        await client.query(
          `INSERT INTO maps (id, title, edit_token_hash, view_token_hash, created_at, last_seq)
           VALUES ($1, $2, $3, $4, $5, 1)`,
          [record.id, record.title, record.editTokenHash, record.viewTokenHash, record.createdAt],
        );
        await client.query('INSERT INTO updates (map_id, seq, data, received_at, author) VALUES ($1, 1, $2, $3, NULL)', [
          record.id,
          initialUpdate,
          record.createdAt,
        ]);
        await client.query('INSERT INTO snapshots (map_id, data, upto_seq) VALUES ($1, $2, 1)', [record.id, initialUpdate]);
      });
    },
    async getMap(id) {
      const row = (await pool.query<MapRow>({ ...SELECT_MAP, values: [id] })).rows[0];
      return row ? mapRecordOf(row) : undefined;
    },
    async replaceTokenHashes(id, hashes) {
      const result = await pool.query(
        `UPDATE maps SET edit_token_hash = COALESCE($2, edit_token_hash), view_token_hash = COALESCE($3, view_token_hash)
         WHERE id = $1`,
        [id, hashes.editTokenHash ?? null, hashes.viewTokenHash ?? null],
      );
      return (result.rowCount ?? 0) > 0;
    },
    async setTitle(id, title) {
      const result = await pool.query('UPDATE maps SET title = $2 WHERE id = $1', [id, title]);
      return (result.rowCount ?? 0) > 0;
    },
    async loadMap(id): Promise<StoredMap | undefined> {
      const { rows } = await pool.query<{ part: number; seq: Int8; data: Buffer | null }>({ ...LOAD_MAP, values: [id] });
      if (rows[0]?.part !== 0) return undefined;
      const snapshot = rows.find((row) => row.part === 1);
      const updates = rows.filter((row) => row.part === 2);
      return {
        snapshot: snapshot?.data ?? null,
        updates: updates.map((row) => row.data ?? Buffer.alloc(0)),
        lastSeq: Number(updates.at(-1)?.seq ?? snapshot?.seq ?? 0),
      };
    },
    async appendUpdate(id, update, meta) {
      const [result] = await appendUpdates([{ mapId: id, update, meta: meta ?? { receivedAt: Date.now(), by: null } }]);
      if (typeof result !== 'number') throw result ?? new Error(`no seq for map ${id}`);
      return result;
    },
    appendUpdates,
    async journal(id) {
      const entries = await journalRows(id, 0);
      // Every map's journal holds at least its first state: empty means no such map.
      return entries.length > 0 ? entries : undefined;
    },
    async updatesAfter(id, seq) {
      return journalRows(id, seq);
    },
    async lastSeqs(ids) {
      const result = await pool.query<{ id: string; last_seq: Int8 }>('SELECT id, last_seq FROM maps WHERE id = ANY($1::text[])', [ids]);
      return new Map(result.rows.map((row) => [row.id, Number(row.last_seq)]));
    },
    async compact(id, snapshot, uptoSeq) {
      // One statement: the snapshot and the point it covers change together, and a late
      // snapshot from another node, covering less, is ignored.
      await pool.query(
        `INSERT INTO snapshots (map_id, data, upto_seq) VALUES ($1, $2, $3)
         ON CONFLICT (map_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq
         WHERE excluded.upto_seq >= snapshots.upto_seq`,
        [id, snapshot, uptoSeq],
      );
    },
    async pendingUpdates(id) {
      const result = await pool.query<{ count: Int8 }>(
        `SELECT COUNT(*) AS count FROM updates
         WHERE map_id = $1 AND seq > COALESCE((SELECT upto_seq FROM snapshots WHERE map_id = $1), 0)`,
        [id],
      );
      return Number(result.rows[0]?.count ?? 0);
    },
    async ping() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`PostgreSQL did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      });
      try {
        await Promise.race([pool.query('SELECT 1'), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closing ??= pool.end();
      await closing;
    },
  };
}

// Rows from before the journal kept times count as arrived at the beginning.
function journalEntry(row: JournalRow): JournalEntry {
  return { seq: Number(row.seq), update: row.data, receivedAt: row.received_at === null ? 0 : Number(row.received_at), by: row.author };
}
