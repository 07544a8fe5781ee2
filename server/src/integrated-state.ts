import * as Y from 'yjs';

/** Each document's whole state as last encoded, until its next change. */
const wholeStates = new WeakMap<Y.Doc, Uint8Array>();

/** Whether a state vector says "I have nothing" (a browser that never opened the map). */
function isEmpty(stateVector: Uint8Array | undefined): boolean {
  return stateVector === undefined || (stateVector.length === 1 && stateVector[0] === 0);
}

/**
 * The document's state as an update, leaving out what Yjs still holds back for missing earlier
 * updates (`pendingStructs`, `pendingDs`). Y.encodeStateAsUpdate merges those in; but they were
 * never integrated, stored or relayed, and a forged update can reuse ids with other content, so
 * passing them on (in a sync reply or a snapshot) could make a peer or the stored map differ
 * from what the room holds. They stay pending in memory and are stored once they integrate.
 *
 * The whole state (for someone who has nothing, or a snapshot) is kept until the document
 * changes: encoding a map of 30 MB took the server half a second in which it answered no one,
 * for each person who opened it, and again for its next snapshot. The bytes returned are
 * shared: never change them.
 */
export function integratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const whole = isEmpty(stateVector);
  const kept = whole ? wholeStates.get(doc) : undefined;
  if (kept) return kept;
  const { store } = doc;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  let state: Uint8Array;
  try {
    state = Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
  // Not kept while a transaction is under way: it may change the document further.
  if (whole && doc._transaction === null) {
    wholeStates.set(doc, state);
    // Dropped as any transaction begins, not once it has been told as an update: what runs
    // inside or after a transaction (a snapshot, say) must see that transaction's changes.
    doc.once('beforeTransaction', () => wholeStates.delete(doc));
  }
  return state;
}
