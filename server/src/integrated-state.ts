import * as Y from 'yjs';

/**
 * The document's state as an update, leaving out what Yjs still holds back for missing earlier
 * updates (`pendingStructs`, `pendingDs`). Y.encodeStateAsUpdate merges those in; but they were
 * never integrated, stored or relayed, and a forged update can reuse ids with other content, so
 * passing them on (in a sync reply or a snapshot) could make a peer or the stored map differ
 * from what the room holds. They stay pending in memory and are stored once they integrate.
 */
export function integratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { store } = doc;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}
