import { newId } from '@causal-map/shared/ids';
import { type FieldValue, mapParts, readTitle, setTitle } from '@causal-map/shared/schema';
import {
  addStatement,
  deleteStatement,
  moveStatement,
  moveStatements,
  readStatement,
  restoreStatement,
  setPinned,
  setStatementText,
  setValence,
  statementText,
} from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pinnedAuthor } from './helpers/authors.js';
import { syncDocs } from './helpers/peers.js';

function read(doc: Y.Doc, id: string) {
  const map = mapParts(doc).statements.get(id);
  if (!map) throw new Error(`no statement ${id}`);
  return readStatement(id, map);
}

/** Counts the updates a change sends to other people. */
function countUpdates(doc: Y.Doc, change: () => void): number {
  let count = 0;
  const onUpdate = () => (count += 1);
  doc.on('update', onUpdate);
  change();
  doc.off('update', onUpdate);
  return count;
}

describe('adding a statement', () => {
  it('stores text, position, valence, time and author', () => {
    const doc = new Y.Doc();
    const id = addStatement(
      doc,
      { text: 'Mrs A feels isolated', x: 120, y: -40, valence: 'negative' },
      pinnedAuthor('Ana', 5_000),
    );
    expect(read(doc, id)).toEqual({
      id,
      text: 'Mrs A feels isolated',
      x: 120,
      y: -40,
      valence: 'negative',
      pinned: false,
      createdAt: 5_000,
      createdBy: 'Ana',
      deletedAt: null,
      deletedBy: null,
    });
  });

  it('is neutral and empty unless told otherwise', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 0, y: 0 }, pinnedAuthor('Ana'));
    expect(read(doc, id)).toMatchObject({ text: '', valence: 'neutral' });
  });

  it('sends the statement and its number in one update, so no peer ever sees it unnumbered', () => {
    const doc = new Y.Doc();
    const peer = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const id = addStatement(doc, { text: 'Sleeps badly', x: 0, y: 0 }, pinnedAuthor('Ana'));
    expect(updates).toHaveLength(1);
    Y.applyUpdate(peer, updates[0]!);
    expect(mapParts(peer).order.toArray()).toEqual([id]);
    expect(read(peer, id).text).toBe('Sleeps badly');
  });

  it('passes the origin to the transaction, so the client can ignore its own echo', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const id = addStatement(doc, { x: 0, y: 0 }, pinnedAuthor('Ana'), 'local');
    moveStatement(doc, id, 5, 5, 'local');
    setValence(doc, id, 'positive', 'local');
    setStatementText(doc, id, 'x', 'local');
    deleteStatement(doc, id, pinnedAuthor('Ana'), 'local');
    restoreStatement(doc, id, 'local');
    expect(origins).toEqual(['local', 'local', 'local', 'local', 'local', 'local']);
  });

  it('gives every statement its own 21-character, URL-safe id', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    const ids = Array.from({ length: 500 }, () => addStatement(doc, { x: 0, y: 0 }, ana));
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(newId(8)).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it('can be read by a stock Yjs client under the contract names', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { text: 'Pain at night', x: 3, y: 4 }, pinnedAuthor('Ana', 77));
    setTitle(doc, 'Mrs A');
    const stock = new Y.Doc();
    Y.applyUpdate(stock, Y.encodeStateAsUpdate(doc));
    const statement = stock.getMap<Y.Map<unknown>>('statements').get(id);
    expect(String(statement?.get('text'))).toBe('Pain at night');
    expect(statement?.get('x')).toBe(3);
    expect(statement?.get('createdAt')).toBe(77);
    expect(stock.getArray<string>('order').toArray()).toEqual([id]);
    expect(stock.getMap('meta').toJSON()).toEqual({ title: 'Mrs A', schema: 1 });
  });
});

describe('the map title', () => {
  it('is empty on a new map and reads back what was set, with the schema version', () => {
    const doc = new Y.Doc();
    expect(readTitle(doc)).toBe('');
    setTitle(doc, 'Dementia case');
    expect(readTitle(doc)).toBe('Dementia case');
    expect(mapParts(doc).meta.get('schema')).toBe(1);
  });
});

describe('editing a statement text', () => {
  it('replaces the whole text and exposes the collaborative Y.Text', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { text: 'Pain', x: 0, y: 0 }, pinnedAuthor('Ana'));
    setStatementText(doc, id, 'Pain at night');
    expect(read(doc, id).text).toBe('Pain at night');
    expect(statementText(doc, id)?.toString()).toBe('Pain at night');
  });

  it('ignores an unknown statement', () => {
    const doc = new Y.Doc();
    expect(statementText(doc, 'nope')).toBeUndefined();
    expect(countUpdates(doc, () => setStatementText(doc, 'nope', 'x'))).toBe(0);
  });

  it('keeps both people\'s letters when two type into the same statement at once', () => {
    const annDoc = new Y.Doc();
    const benDoc = new Y.Doc();
    const id = addStatement(annDoc, { text: 'Pain', x: 0, y: 0 }, pinnedAuthor('Ann'));
    syncDocs(annDoc, benDoc);
    statementText(annDoc, id)!.insert(4, ' at night');
    statementText(benDoc, id)!.insert(0, 'Back ');
    syncDocs(annDoc, benDoc);
    expect(read(annDoc, id).text).toBe('Back Pain at night');
    expect(read(benDoc, id).text).toBe('Back Pain at night');
  });

  it('keeps both words when two people type at the very same place', () => {
    const annDoc = new Y.Doc();
    const benDoc = new Y.Doc();
    const id = addStatement(annDoc, { text: 'Pain ', x: 0, y: 0 }, pinnedAuthor('Ann'));
    syncDocs(annDoc, benDoc);
    statementText(annDoc, id)!.insert(5, 'nightly');
    statementText(benDoc, id)!.insert(5, 'daily');
    syncDocs(annDoc, benDoc);
    const text = read(annDoc, id).text;
    expect(read(benDoc, id).text).toBe(text);
    expect(['Pain nightlydaily', 'Pain dailynightly']).toContain(text);
  });
});

describe('moving a statement', () => {
  it('sets its canvas position', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 0, y: 0 }, pinnedAuthor('Ana'));
    moveStatement(doc, id, 250.5, -30);
    expect(read(doc, id)).toMatchObject({ x: 250.5, y: -30 });
  });

  it('refuses positions that are not finite numbers', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 10, y: 20 }, pinnedAuthor('Ana'));
    moveStatement(doc, id, Number.NaN, 5);
    moveStatement(doc, id, 5, Number.POSITIVE_INFINITY);
    expect(read(doc, id)).toMatchObject({ x: 10, y: 20 });
  });

  it('sends nothing when the statement does not move, or does not exist', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 10, y: 20 }, pinnedAuthor('Ana'));
    expect(countUpdates(doc, () => moveStatement(doc, id, 10, 20))).toBe(0);
    expect(countUpdates(doc, () => moveStatement(doc, 'nope', 1, 1))).toBe(0);
  });

  it('ends in the same place for everyone when two people drag it at once', () => {
    const annDoc = new Y.Doc();
    const benDoc = new Y.Doc();
    const id = addStatement(annDoc, { x: 0, y: 0 }, pinnedAuthor('Ann'));
    syncDocs(annDoc, benDoc);
    moveStatement(annDoc, id, 100, 100);
    moveStatement(benDoc, id, -50, -50);
    syncDocs(annDoc, benDoc);
    const annSees = read(annDoc, id);
    expect(read(benDoc, id)).toEqual(annSees);
    expect([100, -50]).toContain(annSees.x);
  });
});

describe('valence', () => {
  it('marks a statement as bad, neutral or good for the person at the centre', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 0, y: 0 }, pinnedAuthor('Ana'));
    setValence(doc, id, 'negative');
    expect(read(doc, id).valence).toBe('negative');
    setValence(doc, id, 'positive');
    expect(read(doc, id).valence).toBe('positive');
  });

  it('sends nothing when the valence does not change', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 0, y: 0, valence: 'positive' }, pinnedAuthor('Ana'));
    expect(countUpdates(doc, () => setValence(doc, id, 'positive'))).toBe(0);
  });
});

describe('deleting and restoring a statement', () => {
  it('keeps the entry, its text and number, with deletedAt and deletedBy set', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { text: 'Falls', x: 0, y: 0 }, pinnedAuthor('Ana', 100));
    deleteStatement(doc, id, pinnedAuthor('Ben', 900));
    expect(mapParts(doc).statements.has(id)).toBe(true);
    expect(mapParts(doc).order.toArray()).toEqual([id]);
    expect(read(doc, id)).toMatchObject({
      text: 'Falls',
      createdAt: 100,
      createdBy: 'Ana',
      deletedAt: 900,
      deletedBy: 'Ben',
    });
  });

  it('keeps the first deletion when it is deleted again', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 0, y: 0 }, pinnedAuthor('Ana'));
    deleteStatement(doc, id, pinnedAuthor('Ben', 900));
    expect(countUpdates(doc, () => deleteStatement(doc, id, pinnedAuthor('Chloe', 950)))).toBe(0);
    expect(read(doc, id)).toMatchObject({ deletedAt: 900, deletedBy: 'Ben' });
  });

  it('restoring removes deletedAt and deletedBy from the document', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { text: 'Falls', x: 0, y: 0 }, pinnedAuthor('Ana'));
    deleteStatement(doc, id, pinnedAuthor('Ben', 900));
    restoreStatement(doc, id);
    const map = mapParts(doc).statements.get(id)!;
    expect(map.has('deletedAt')).toBe(false);
    expect(map.has('deletedBy')).toBe(false);
    expect(read(doc, id)).toMatchObject({ text: 'Falls', deletedAt: null, deletedBy: null });
  });

  it('restoring a live statement sends nothing', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { x: 0, y: 0 }, pinnedAuthor('Ana'));
    expect(countUpdates(doc, () => restoreStatement(doc, id))).toBe(0);
  });

  it('keeps an edit made while someone else deleted the statement', () => {
    const annDoc = new Y.Doc();
    const benDoc = new Y.Doc();
    const id = addStatement(annDoc, { text: 'Falls', x: 0, y: 0 }, pinnedAuthor('Ann'));
    syncDocs(annDoc, benDoc);
    deleteStatement(annDoc, id, pinnedAuthor('Ann', 500));
    statementText(benDoc, id)!.insert(5, ' at home');
    syncDocs(annDoc, benDoc);
    for (const doc of [annDoc, benDoc]) {
      expect(read(doc, id)).toMatchObject({ text: 'Falls at home', deletedAt: 500 });
    }
    restoreStatement(benDoc, id);
    syncDocs(annDoc, benDoc);
    expect(read(annDoc, id)).toMatchObject({ text: 'Falls at home', deletedAt: null });
  });
});

describe('reading statements written by other tools', () => {
  it('tolerates plain-string text, a missing valence and non-numeric fields', () => {
    const doc = new Y.Doc();
    const map = new Y.Map<FieldValue>();
    mapParts(doc).statements.set('foreign', map);
    map.set('text', 'Written by a script');
    map.set('valence', 'terrible');
    map.set('x', 'left');
    map.set('createdAt', 42);
    map.set('pinned', 'yes');
    expect(readStatement('foreign', mapParts(doc).statements.get('foreign')!)).toEqual({
      id: 'foreign',
      text: 'Written by a script',
      x: 0,
      y: 0,
      valence: 'neutral',
      pinned: false,
      createdAt: 42,
      createdBy: '',
      deletedAt: null,
      deletedBy: null,
    });
  });
});

describe('pinning and laying out', () => {
  it('pins and unpins; an unpinned statement holds no pinned field, as a foreign tool expects', () => {
    const doc = new Y.Doc();
    const id = addStatement(doc, { text: 'Pinned', x: 0, y: 0 }, pinnedAuthor('Ana', 1));
    expect(read(doc, id).pinned).toBe(false);
    setPinned(doc, id, true);
    expect(read(doc, id).pinned).toBe(true);
    expect(mapParts(doc).statements.get(id)?.get('pinned')).toBe(true);
    setPinned(doc, id, false);
    expect(read(doc, id).pinned).toBe(false);
    expect(mapParts(doc).statements.get(id)?.has('pinned')).toBe(false);
  });

  it('moves many statements as one update, which one undo puts back', () => {
    const doc = new Y.Doc();
    const ids = [0, 1, 2].map((i) => addStatement(doc, { text: `s${i}`, x: i, y: i }, pinnedAuthor('Ana', 1)));
    const undo = new Y.UndoManager(mapParts(doc).statements, { trackedOrigins: new Set(['me']) });
    const positions = new Map(ids.map((id, i) => [id, { x: 100 * i + 0.4, y: 50 }]));
    expect(countUpdates(doc, () => moveStatements(doc, positions, 'me'))).toBe(1);
    expect(ids.map((id) => [read(doc, id).x, read(doc, id).y])).toEqual([
      [0, 50],
      [100, 50],
      [200, 50],
    ]);
    undo.undo();
    expect(ids.map((id) => read(doc, id).x)).toEqual([0, 1, 2]);
  });
});
