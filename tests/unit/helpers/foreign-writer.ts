import { type FieldValue, mapParts } from '@causal-map/shared/schema';
import * as Y from 'yjs';

// What a stock Yjs client or a script may write straight into a map, bypassing shared/:
// SPEC §1 says how such entries are read, so tests need to produce them.

/** A statement put in `statements` without its id in `order`, text as a plain string. */
export function addForeignStatement(doc: Y.Doc, id: string, createdAt: number, text = 'foreign'): void {
  doc.transact(() => {
    const map = new Y.Map<FieldValue>();
    map.set('text', text);
    map.set('x', 0);
    map.set('y', 0);
    map.set('valence', 'neutral');
    map.set('createdAt', createdAt);
    map.set('createdBy', 'script');
    mapParts(doc).statements.set(id, map);
  });
}

/** A link written without any of addLink's checks. */
export function writeLinkDirectly(doc: Y.Doc, id: string, from: string, to: string, createdAt = 1): void {
  const map = new Y.Map<FieldValue>();
  map.set('from', from);
  map.set('to', to);
  map.set('polarity', '+');
  map.set('createdAt', createdAt);
  map.set('createdBy', 'script');
  mapParts(doc).links.set(id, map);
}
