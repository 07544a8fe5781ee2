import * as Y from 'yjs';
import type { Storage } from './storage.js';

export interface LoadedDoc {
  doc: Y.Doc;
  /** The seq of the last journal entry the document holds. */
  lastSeq: number;
  /** Updates after the snapshot (not folded into it yet). */
  pending: number;
  storedBytes: number;
}

/** Builds a map's Y.Doc from storage: the snapshot, then every update after it. */
export async function loadDoc(storage: Storage, id: string): Promise<LoadedDoc | undefined> {
  const stored = await storage.loadMap(id);
  if (!stored) return undefined;
  const doc = new Y.Doc();
  let storedBytes = stored.snapshot?.byteLength ?? 0;
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) {
      Y.applyUpdate(doc, update);
      storedBytes += update.byteLength;
    }
  }, 'storage');
  return { doc, lastSeq: stored.lastSeq, pending: stored.updates.length, storedBytes };
}
