import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { integratedState } from '../../server/src/integrated-state.js';

// What the server passes on (sync replies, snapshots) is what its document integrated: never the
// updates Yjs holds back for missing earlier ones, which no one has seen and which a forged
// update could fill with other content under the same ids.

/** Two statements written as two updates: `second` cannot integrate without `first`. */
function twoUpdates(): { first: Uint8Array; second: Uint8Array } {
  const writer = new Y.Doc();
  addStatement(writer, { text: 'first', x: 0, y: 0 }, { name: 'Ana' });
  const first = Y.encodeStateAsUpdate(writer);
  const before = Y.encodeStateVector(writer);
  addStatement(writer, { text: 'second', x: 0, y: 0 }, { name: 'Ana' });
  return { first, second: Y.encodeStateAsUpdate(writer, before) };
}

/** The statements' texts of a document, or of a document made from `update`. */
function textsOf(source: Y.Doc | Uint8Array): string[] {
  const doc = source instanceof Y.Doc ? source : new Y.Doc();
  if (source instanceof Uint8Array) Y.applyUpdate(doc, source);
  return readMap(doc).statements.map((s) => s.text);
}

describe('integratedState', () => {
  it('leaves out pending updates that Y.encodeStateAsUpdate would pass on', () => {
    const { first, second } = twoUpdates();

    const server = new Y.Doc();
    Y.applyUpdate(server, second); // its first half is missing: held back
    expect(server.store.pendingStructs).not.toBeNull();

    const stock = new Y.Doc();
    Y.applyUpdate(stock, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(stock, first);
    expect(textsOf(stock)).toEqual(['first', 'second']);

    const ours = new Y.Doc();
    Y.applyUpdate(ours, integratedState(server));
    Y.applyUpdate(ours, first);
    expect(textsOf(ours)).toEqual(['first']);
    // The server still holds the pending part, and integrates it once the gap is filled.
    expect(server.store.pendingStructs).not.toBeNull();
    Y.applyUpdate(server, first);
    expect(textsOf(server)).toEqual(['first', 'second']);
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
    expect(textsOf(after)).toEqual(['first', 'second']);
  });

  it('changes when held-back updates integrate, and never carries them before', () => {
    const { first, second } = twoUpdates();
    const server = new Y.Doc();
    Y.applyUpdate(server, second);
    const held = integratedState(server);
    Y.applyUpdate(server, first);
    const whole = integratedState(server);
    expect(integratedState(server)).not.toBe(held);
    expect(textsOf(whole)).toEqual(['first', 'second']);
  });

  it('is never stale inside a transaction or its handlers', () => {
    const doc = new Y.Doc();
    addStatement(doc, { text: 'first', x: 0, y: 0 }, { name: 'Ana' });
    let seen: string[] = [];
    // Listening before the state is kept, as a room's own listeners do.
    doc.on('update', () => {
      seen = textsOf(integratedState(doc));
    });
    integratedState(doc);
    addStatement(doc, { text: 'second', x: 0, y: 0 }, { name: 'Ana' });
    expect(seen).toEqual(['first', 'second']);
  });
});
