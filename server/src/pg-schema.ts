import type { PoolClient } from 'pg';

/** One step of the schema; `version`s only grow, and a released step is never edited. */
export interface Migration {
  version: number;
  sql: string;
}

// The tables mean what SQLite's do (sqlite-schema.ts). `maps.last_seq` is new: appends bump it
// under the row lock, which is what hands out seqs without gaps when several nodes write a map.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
CREATE TABLE maps (
  id text PRIMARY KEY,
  title text NOT NULL,
  edit_token_hash bytea NOT NULL,
  view_token_hash bytea NOT NULL,
  created_at bigint NOT NULL,
  last_seq bigint NOT NULL
);
CREATE TABLE updates (
  map_id text NOT NULL REFERENCES maps(id),
  seq bigint NOT NULL,
  data bytea NOT NULL,
  received_at bigint,
  author text,
  PRIMARY KEY (map_id, seq)
);
CREATE TABLE snapshots (
  map_id text PRIMARY KEY REFERENCES maps(id),
  data bytea NOT NULL,
  upto_seq bigint NOT NULL
);`,
  },
];

// 'causalmp' read as a big-endian int8: any fixed key works, as long as nothing else in the
// database takes the same advisory lock.
const MIGRATION_LOCK = '7161134020911983984';

/**
 * Brings the schema up to the last migration; call it inside a transaction, so every step
 * applies or none. It first takes an advisory lock, so nodes starting together take turns: the
 * later one waits, then finds the versions applied (without the lock, two concurrent CREATE
 * TABLEs can fail on the catalog's unique index).
 */
export async function migrate(client: PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
  await client.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const applied = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(applied.rows.map((row) => row.version));
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
  }
}
