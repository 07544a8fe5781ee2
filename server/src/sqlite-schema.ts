import type Database from 'better-sqlite3';

// `updates` is the journal: every update a map accepted, with when it arrived and from whom,
// never deleted (a snapshot only saves replaying the part it covers). WITHOUT ROWID: its rows
// are stored in primary-key order, so one map's updates sit on a few pages together instead of
// being interleaved with every other open map's.
const UPDATES_TABLE = (name: string): string => `
CREATE TABLE IF NOT EXISTS ${name} (
  map_id TEXT NOT NULL REFERENCES maps(id),
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  received_at INTEGER,
  author TEXT,
  PRIMARY KEY (map_id, seq)
) WITHOUT ROWID;`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS maps (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  edit_token_hash BLOB NOT NULL,
  view_token_hash BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
${UPDATES_TABLE('updates')}
CREATE TABLE IF NOT EXISTS snapshots (
  map_id TEXT PRIMARY KEY REFERENCES maps(id),
  data BLOB NOT NULL,
  upto_seq INTEGER NOT NULL
);
`;

/**
 * Creates the tables, and moves an `updates` table made by an earlier version (a rowid table)
 * into the WITHOUT ROWID form: one transaction, so a crash half-way leaves the old table whole.
 */
export function prepareSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  // A journal from before the journal kept times and names: the columns are added, empty.
  const columns = new Set(db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('updates')").all().map((column) => column.name));
  if (!columns.has('received_at')) db.exec('ALTER TABLE updates ADD COLUMN received_at INTEGER');
  if (!columns.has('author')) db.exec('ALTER TABLE updates ADD COLUMN author TEXT');
  const row = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get();
  if (!row || /WITHOUT\s+ROWID/i.test(row.sql)) return;
  db.transaction(() => {
    db.exec('DROP TABLE IF EXISTS updates_without_rowid');
    db.exec(UPDATES_TABLE('updates_without_rowid'));
    db.exec('INSERT INTO updates_without_rowid (map_id, seq, data) SELECT map_id, seq, data FROM updates ORDER BY map_id, seq');
    db.exec('DROP TABLE updates');
    db.exec('ALTER TABLE updates_without_rowid RENAME TO updates');
  })();
}
