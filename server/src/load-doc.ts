import * as Y from 'yjs';
import type { Storage } from './storage.js';

/** Builds a map's Y.Doc from storage: the snapshot, then every update after it. */
export function loadDoc(
  storage: Storage,
  id: string,
): { doc: Y.Doc; lastSeq: number; pending: number; storedBytes: number } | undefined {
  const stored = storage.loadMap(id);
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
