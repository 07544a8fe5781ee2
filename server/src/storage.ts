/** A map as the server knows it outside its document: who may open it. */
export interface MapRecord {
  id: string;
  /** The map's title: the document's, copied here when someone renames the map. */
  title: string;
  editTokenHash: Buffer;
  viewTokenHash: Buffer;
  createdAt: number;
}

/** A row of the `maps` table, as both adapters read it (PostgreSQL gives int8 as a string). */
export interface MapRow {
  id: string;
  title: string;
  edit_token_hash: Buffer;
  view_token_hash: Buffer;
  created_at: number | string;
}

export function mapRecordOf(row: MapRow): MapRecord {
  return {
    id: row.id,
    title: row.title,
    editTokenHash: row.edit_token_hash,
    viewTokenHash: row.view_token_hash,
    createdAt: Number(row.created_at),
  };
}

/** New token hashes for a map; a missing one is kept. */
export interface TokenHashes {
  editTokenHash?: Buffer;
  viewTokenHash?: Buffer;
}

/** Who sent an update and when it arrived: kept with it in the journal (SPEC §3). */
export interface UpdateMeta {
  /** The server's clock when the update arrived (ms since epoch). */
  receivedAt: number;
  /** The name in the sending connection's awareness, if it had one. */
  by: string | null;
}

/** One update the map accepted, as the journal keeps it. */
export interface JournalEntry extends UpdateMeta {
  seq: number;
  update: Uint8Array;
}

/** Everything needed to rebuild a map's Y.Doc: apply the snapshot, then the updates in order. */
export interface StoredMap {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** The seq of the last update returned (or the snapshot's, if none is left). */
  lastSeq: number;
}

/** One update waiting to be appended, with what the journal keeps beside it. */
export interface UpdateWrite {
  mapId: string;
  update: Uint8Array;
  meta: UpdateMeta;
}

/**
 * Where maps are kept: SQLite on one node (sqlite-storage.ts), PostgreSQL for several
 * (pg-storage.ts). Rooms talk only to this interface; every adapter must pass
 * tests/server/storage-contract.ts.
 *
 * Every method is asynchronous, because PostgreSQL is. The ordering SPEC §4 asks for (stored
 * before relayed) is kept by the callers: a room relays an update only once the promise of its
 * write has resolved.
 */
export interface Storage {
  /** Stores a new map with its first document state. Rejects if the id is taken. */
  createMap(record: MapRecord, initialUpdate: Uint8Array): Promise<void>;
  getMap(id: string): Promise<MapRecord | undefined>;
  /** Replaces the hash of the edit and/or view token (a rotation); false for an unknown map. */
  replaceTokenHashes(id: string, hashes: TokenHashes): Promise<boolean>;
  /** Keeps the record's title up with the document's (a rename); false for an unknown map. */
  setTitle(id: string, title: string): Promise<boolean>;
  /** The stored document of a map; undefined if there is no such map. */
  loadMap(id: string): Promise<StoredMap | undefined>;
  /**
   * Durably appends one Yjs update to the map's journal; resolves to its seq, one more than the
   * map's last. Without `meta`, the update arrived now from no one in particular.
   */
  appendUpdate(id: string, update: Uint8Array, meta?: UpdateMeta): Promise<number>;
  /**
   * Appends updates (of one or many maps) in one transaction: all durable when it resolves, or
   * none, and then it rejects. Cheaper than a commit per update. An update for a map that does
   * not exist gets an Error in its place and does not stop the others.
   */
  appendUpdates(writes: readonly UpdateWrite[]): Promise<Array<number | Error>>;
  /**
   * The map's journal: every update it accepted, the first state included, in order, with when
   * it arrived and from whom. Compaction never shortens it. Undefined for an unknown map.
   */
  journal(id: string): Promise<JournalEntry[] | undefined>;
  /** The journal's entries after `seq`, in order (how a node catches up on what it missed). */
  updatesAfter(id: string, seq: number): Promise<JournalEntry[]>;
  /** The last seq of each of these maps (unknown maps are left out). */
  lastSeqs(ids: readonly string[]): Promise<Map<string, number>>;
  /**
   * Replaces the snapshot, which then covers the updates up to uptoSeq (they stay in the
   * journal). A snapshot covering less than the stored one is ignored (two nodes may compact).
   */
  compact(id: string, snapshot: Uint8Array, uptoSeq: number): Promise<void>;
  /** How many updates the snapshot does not cover yet (for tests and logs). */
  pendingUpdates(id: string): Promise<number>;
  /** Resolves if the database answers now (for /healthz); rejects with why not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
