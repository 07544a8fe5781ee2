import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { integratedState } from '../../server/src/integrated-state.js';

// What the server passes on (sync replies, snapshots) is what its document integrated: never the
// updates Yjs holds back for missing earlier ones, which no one has seen and which a forged
// update could fill with other content under the same ids.

describe('integratedState', () => {
  it('leaves out pending updates that Y.encodeStateAsUpdate would pass on', () => {
    const writer = new Y.Doc();
    addStatement(writer, { text: 'first', x: 0, y: 0 }, { name: 'Ana' });
    const first = Y.encodeStateAsUpdate(writer);
    const before = Y.encodeStateVector(writer);
    addStatement(writer, { text: 'second', x: 0, y: 0 }, { name: 'Ana' });
    const second = Y.encodeStateAsUpdate(writer, before);

    const server = new Y.Doc();
    Y.applyUpdate(server, second); // its first half is missing: held back
    expect(server.store.pendingStructs).not.toBeNull();

    const stock = new Y.Doc();
    Y.applyUpdate(stock, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(stock, first);
    expect(readMap(stock).statements.map((s) => s.text)).toEqual(['first', 'second']);

    const ours = new Y.Doc();
    Y.applyUpdate(ours, integratedState(server));
    Y.applyUpdate(ours, first);
    expect(readMap(ours).statements.map((s) => s.text)).toEqual(['first']);
    // The server still holds the pending part, and integrates it once the gap is filled.
    expect(server.store.pendingStructs).not.toBeNull();
    Y.applyUpdate(server, first);
    expect(readMap(server).statements.map((s) => s.text)).toEqual(['first', 'second']);
  });
});

describe('the whole state, kept until the document changes', () => {
  it('is encoded once for everyone who has nothing, and again after any change', () => {
    const doc = new Y.Doc();
    addStatement(doc, { text: 'first', x: 0, y: 0 }, { name: 'Ana' });
    const empty = Y.encodeStateVector(new Y.Doc());
    const once = integratedState(doc);
    expect(integratedState(doc, empty)).toBe(once);
    addStatement(doc, { text: 'second', x: 0, y: 0 }, { name: 'Ana' });
    const after = integratedState(doc, empty);
    expect(after).not.toBe(once);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, after);
    expect(readMap(fresh).statements.map((s) => s.text)).toEqual(['first', 'second']);
  });

  it('changes when held-back updates integrate, and never carries them before', () => {
    const writer = new Y.Doc();
    addStatement(writer, { text: 'first', x: 0, y: 0 }, { name: 'Ana' });
    const first = Y.encodeStateAsUpdate(writer);
    const before = Y.encodeStateVector(writer);
    addStatement(writer, { text: 'second', x: 0, y: 0 }, { name: 'Ana' });
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, before));
    const held = integratedState(server);
    Y.applyUpdate(server, first);
    const whole = new Y.Doc();
    Y.applyUpdate(whole, integratedState(server));
    expect(integratedState(server)).not.toBe(held);
    expect(readMap(whole).statements.map((s) => s.text)).toEqual(['first', 'second']);
  });
});

it('is never stale inside a transaction or its handlers', () => {
  const doc = new Y.Doc();
  addStatement(doc, { text: 'first', x: 0, y: 0 }, { name: 'Ana' });
  let seen: string[] = [];
  // Listening before the state is kept, as a room's own listeners do.
  doc.on('update', () => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, integratedState(doc));
    seen = readMap(copy).statements.map((s) => s.text);
  });
  integratedState(doc);
  addStatement(doc, { text: 'second', x: 0, y: 0 }, { name: 'Ana' });
  expect(seen).toEqual(['first', 'second']);
});
