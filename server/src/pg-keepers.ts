import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Keepers } from './cluster.js';
import { sharedByKey } from './shared-by-key.js';

/** A map's advisory lock key: 64 bits of its id's hash, so two maps never share a lock. */
function lockKey(mapId: string): string {
  return createHash('sha256').update(`causal-map:keeper:${mapId}`).digest().readBigInt64BE(0).toString();
}

/**
 * The keeper role through PostgreSQL session advisory locks, all held on one connection of
 * this node's own: if the node dies (even by kill -9) or loses the database, the connection
 * goes and PostgreSQL frees its locks at once, so another node takes the maps over at its next
 * check (every second). Two nodes can never hold one map's lock together.
 */
export function pgKeepers(url: string, log: Logger): Keepers {
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  const held = new Set<string>();
  // PostgreSQL counts a session's locks: asking twice at once would take the lock twice.
  const asking = new Map<string, Promise<boolean>>();
  const lost: Array<() => void> = [];
  // The maps asked about in this turn of the event loop: one query for all of them, so a node
  // with a thousand maps kept elsewhere asks once a second, not a thousand times.
  let batch: Array<{ mapId: string; resolve: (held: boolean) => void; reject: (error: unknown) => void }> = [];

  async function askBatch(): Promise<void> {
    const asked = batch;
    batch = [];
    try {
      const db = await connection();
      const result = await db.query<{ key: string; ok: boolean }>(
        'SELECT key::text, pg_try_advisory_lock(key) AS ok FROM unnest($1::bigint[]) AS key',
        [asked.map((ask) => lockKey(ask.mapId))],
      );
      const taken = new Set(result.rows.filter((row) => row.ok).map((row) => row.key));
      for (const ask of asked) {
        const ok = taken.has(lockKey(ask.mapId)) && client === db;
        if (ok) held.add(ask.mapId);
        ask.resolve(ok);
      }
    } catch (error) {
      for (const ask of asked) ask.reject(error);
    }
  }

  const drop = (why: string): void => {
    if (client === null) return;
    client = null;
    if (held.size > 0) log.warn({ maps: held.size, why }, 'lost the keeper connection: giving up every map kept here');
    held.clear();
    for (const listener of lost) listener();
  };

  async function connection(): Promise<pg.Client> {
    if (client) return client;
    connecting ??= (async () => {
      const fresh = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000, keepAlive: true });
      fresh.on('error', (error) => {
        log.warn({ err: error }, 'keeper connection error');
        if (client === fresh) drop(error.message);
      });
      fresh.on('end', () => {
        if (client === fresh) drop('connection ended');
      });
      await fresh.connect();
      client = fresh;
      return fresh;
    })().finally(() => {
      connecting = null;
    });
    return connecting;
  }

  return {
    acquire(mapId) {
      if (held.has(mapId)) return Promise.resolve(true);
      return sharedByKey(
        asking,
        mapId,
        () =>
          new Promise<boolean>((resolve, reject) => {
            batch.push({ mapId, resolve, reject });
            if (batch.length === 1) queueMicrotask(askBatch);
          }),
      );
    },
    async release(mapId) {
      if (!held.delete(mapId) || client === null) return;
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [lockKey(mapId)]);
    },
    onLost(listener) {
      lost.push(listener);
    },
    async close() {
      const db = client;
      client = null;
      held.clear();
      await db?.end().catch(() => {});
    },
  };
}
