/** A map as the server knows it outside its document: who may open it. */
export interface MapRecord {
  id: string;
  /** The map's title: the document's, copied here when someone renames the map. */
  title: string;
  editTokenHash: Buffer;
  viewTokenHash: Buffer;
  createdAt: number;
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

/**
 * Where maps are kept. Rooms talk only to this interface so other adapters can come later;
 * every adapter must pass tests/server/storage-contract.ts.
 *
 * Every method is synchronous on purpose: the room writes an update before it relays it
 * (SPEC §4), and a synchronous write makes that ordering impossible to get wrong.
 */
export interface Storage {
  /** Stores a new map with its first document state. */
  createMap(record: MapRecord, initialUpdate: Uint8Array): void;
  getMap(id: string): MapRecord | undefined;
  /** Replaces the hash of the edit and/or view token (a rotation); false for an unknown map. */
  replaceTokenHashes(id: string, hashes: TokenHashes): boolean;
  /** Keeps the record's title up with the document's (a rename); false for an unknown map. */
  setTitle(id: string, title: string): boolean;
  /** The stored document of a map; undefined if there is no such map. */
  loadMap(id: string): StoredMap | undefined;
  /**
   * Durably appends one Yjs update to the map's journal; returns its seq, increasing per map.
   * Without `meta`, the update arrived now from no one in particular.
   */
  appendUpdate(id: string, update: Uint8Array, meta?: UpdateMeta): number;
  /**
   * The map's journal: every update it accepted, the first state included, in order, with when
   * it arrived and from whom. Compaction never shortens it. Undefined for an unknown map.
   */
  journal(id: string): JournalEntry[] | undefined;
  /**
   * Runs `write` (appends) as one transaction: all of it is durable when this returns, or none of
   * it, and then it throws. Cheaper than a commit per update.
   */
  inOneTransaction(write: () => void): void;
  /** Atomically replaces the snapshot, which then covers the updates up to uptoSeq (they stay in the journal). */
  compact(id: string, snapshot: Uint8Array, uptoSeq: number): void;
  /** How many updates the snapshot does not cover yet (for tests and logs). */
  pendingUpdates(id: string): number;
  close(): void;
}
