import {
  LINK_REFUSAL_MESSAGES,
  addLink,
  canLink,
  cleanUpDuplicateLinks,
  deleteLink,
  readLink,
  restoreLink,
  setPolarity,
  togglePolarity,
  wellFormedLinks,
} from '@causal-map/shared/link';
import { readMap } from '@causal-map/shared/map-view';
import { mapParts } from '@causal-map/shared/schema';
import { addStatement, deleteStatement, restoreStatement } from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { frozenAuthor, pinnedAuthor } from './helpers/authors.js';
import { writeLinkDirectly } from './helpers/foreign-writer.js';
import { syncDocs } from './helpers/peers.js';
import { mulberry32, pickOne } from './helpers/random.js';

/** A map with statements a, b, c (ids 'a', 'b', 'c'). */
function mapWithStatements(doc = new Y.Doc()): Y.Doc {
  const ana = pinnedAuthor('Ana', 1);
  for (const id of ['a', 'b', 'c']) addStatement(doc, { id, text: id, x: 0, y: 0 }, ana);
  return doc;
}

function linkOf(doc: Y.Doc, id: string) {
  const map = mapParts(doc).links.get(id);
  if (!map) throw new Error(`no link ${id}`);
  return readLink(id, map);
}

function drawn(result: ReturnType<typeof addLink>): string {
  if (!result.ok) throw new Error(`link refused: ${result.reason}`);
  return result.id;
}

const livePairs = (doc: Y.Doc) => wellFormedLinks(doc).links.map((l) => `${l.from}>${l.to}`);

describe('drawing a link', () => {
  it('stores both ends, polarity, time and author', () => {
    const doc = mapWithStatements();
    const id = drawn(addLink(doc, { from: 'a', to: 'b', polarity: '-' }, pinnedAuthor('Ben', 700)));
    expect(linkOf(doc, id)).toEqual({
      id,
      from: 'a',
      to: 'b',
      polarity: '-',
      createdAt: 700,
      createdBy: 'Ben',
      deletedAt: null,
      deletedBy: null,
    });
  });

  it('reads "may lead to" (+) unless told otherwise', () => {
    const doc = mapWithStatements();
    const id = drawn(addLink(doc, { from: 'a', to: 'b' }, pinnedAuthor('Ben')));
    expect(linkOf(doc, id).polarity).toBe('+');
  });

  it('refuses a statement leading to itself, and writes nothing', () => {
    const doc = mapWithStatements();
    expect(addLink(doc, { from: 'a', to: 'a' }, pinnedAuthor('Ben'))).toEqual({
      ok: false,
      reason: 'self-link',
    });
    expect(mapParts(doc).links.size).toBe(0);
    expect(LINK_REFUSAL_MESSAGES['self-link']).toMatch(/itself/);
  });

  it('refuses a second link in the same direction but allows the opposite direction', () => {
    const doc = mapWithStatements();
    const ben = pinnedAuthor('Ben');
    drawn(addLink(doc, { from: 'a', to: 'b' }, ben));
    expect(addLink(doc, { from: 'a', to: 'b', polarity: '-' }, ben)).toEqual({
      ok: false,
      reason: 'duplicate',
    });
    expect(canLink(doc, 'a', 'b')).toBe('duplicate');
    expect(canLink(doc, 'b', 'a')).toBeNull();
    drawn(addLink(doc, { from: 'b', to: 'a' }, ben));
    expect(livePairs(doc)).toEqual(['a>b', 'b>a']);
    expect(mapParts(doc).links.size).toBe(2);
  });

  it('allows drawing the same direction again once the old link is deleted', () => {
    const doc = mapWithStatements();
    const ben = pinnedAuthor('Ben');
    const old = drawn(addLink(doc, { from: 'a', to: 'b' }, ben));
    deleteLink(doc, old, ben);
    const again = drawn(addLink(doc, { from: 'a', to: 'b', polarity: '-' }, ben));
    expect(wellFormedLinks(doc).links.map((l) => l.id)).toEqual([again]);
  });

  it('refuses a link to a statement that is missing or deleted', () => {
    const doc = mapWithStatements();
    const ben = pinnedAuthor('Ben');
    expect(addLink(doc, { from: 'a', to: 'ghost' }, ben)).toEqual({
      ok: false,
      reason: 'missing-statement',
    });
    deleteStatement(doc, 'c', ben);
    expect(addLink(doc, { from: 'c', to: 'a' }, ben)).toEqual({
      ok: false,
      reason: 'missing-statement',
    });
    expect(mapParts(doc).links.size).toBe(0);
  });

  it('has a readable message for every refusal', () => {
    for (const message of Object.values(LINK_REFUSAL_MESSAGES)) {
      expect(message).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe('well-formed links (SPEC §1)', () => {
  it('ignores a self-link written directly into the document', () => {
    const doc = mapWithStatements();
    writeLinkDirectly(doc, 'loop-on-a', 'a', 'a');
    drawn(addLink(doc, { from: 'a', to: 'b' }, pinnedAuthor('Ben', 5)));
    expect(livePairs(doc)).toEqual(['a>b']);
    expect(wellFormedLinks(doc).duplicateIds).toEqual([]);
    // Still in the document, so history and exports keep it.
    expect(readMap(doc).links.map((l) => l.id)).toContain('loop-on-a');
  });

  it('ignores links whose end is missing or deleted, and counts them again once restored', () => {
    const doc = mapWithStatements();
    const ben = pinnedAuthor('Ben');
    writeLinkDirectly(doc, 'to-nowhere', 'a', 'ghost');
    writeLinkDirectly(doc, 'from-nowhere', 'ghost', 'b');
    writeLinkDirectly(doc, 'no-ends', '', '');
    drawn(addLink(doc, { from: 'a', to: 'c' }, ben));
    drawn(addLink(doc, { from: 'c', to: 'b' }, ben));
    deleteStatement(doc, 'c', ben);
    expect(livePairs(doc)).toEqual([]);
    restoreStatement(doc, 'c');
    expect(livePairs(doc)).toEqual(['a>c', 'c>b']);
  });

  it('lists live links by (createdAt, id) in readMap, and every link in links', () => {
    const doc = mapWithStatements();
    drawn(addLink(doc, { id: 'y', from: 'b', to: 'c' }, frozenAuthor('Ben', 20)));
    drawn(addLink(doc, { id: 'x', from: 'a', to: 'b' }, frozenAuthor('Ben', 20)));
    drawn(addLink(doc, { id: 'w', from: 'c', to: 'a' }, frozenAuthor('Ben', 30)));
    drawn(addLink(doc, { id: 'z', from: 'a', to: 'c' }, frozenAuthor('Ben', 10)));
    deleteLink(doc, 'w', frozenAuthor('Ben', 40));
    const map = readMap(doc);
    expect(map.links.map((l) => l.id)).toEqual(['z', 'x', 'y', 'w']);
    expect(map.liveLinks.map((l) => l.id)).toEqual(['z', 'x', 'y']);
  });
});

describe('two people drawing the same link at once', () => {
  function concurrentLinks(
    annLink: { id: string; createdAt: number; polarity: '+' | '-' },
    benLink: { id: string; createdAt: number; polarity: '+' | '-' },
  ): [Y.Doc, Y.Doc] {
    const annDoc = mapWithStatements();
    const benDoc = new Y.Doc();
    syncDocs(annDoc, benDoc);
    drawn(addLink(annDoc, { from: 'a', to: 'b', ...annLink }, frozenAuthor('Ann', annLink.createdAt)));
    drawn(addLink(benDoc, { from: 'a', to: 'b', ...benLink }, frozenAuthor('Ben', benLink.createdAt)));
    syncDocs(annDoc, benDoc);
    return [annDoc, benDoc];
  }

  it('keeps the earlier link and reports the later one as a duplicate, on both sides', () => {
    // The earlier link has the larger id: time decides before id.
    const docs = concurrentLinks(
      { id: 'zz-ann', createdAt: 100, polarity: '-' },
      { id: 'aa-ben', createdAt: 101, polarity: '+' },
    );
    for (const doc of docs) {
      const { links, duplicateIds } = wellFormedLinks(doc);
      expect(links.map((l) => [l.id, l.polarity])).toEqual([['zz-ann', '-']]);
      expect(duplicateIds).toEqual(['aa-ben']);
      expect(readMap(doc).duplicateLinkIds).toEqual(['aa-ben']);
    }
  });

  it('breaks a tie in time by the smaller id, on both sides', () => {
    const docs = concurrentLinks(
      { id: 'link-a', createdAt: 100, polarity: '+' },
      { id: 'link-B', createdAt: 100, polarity: '-' },
    );
    // Plain code-unit order, the same on every machine: 'B' (66) sorts before 'a' (97),
    // although a locale-aware comparison would put 'a' first.
    for (const doc of docs) {
      expect(wellFormedLinks(doc).links.map((l) => l.id)).toEqual(['link-B']);
      expect(wellFormedLinks(doc).duplicateIds).toEqual(['link-a']);
    }
  });

  it('agrees on the same link for random ids and times (50 seeded pairs)', () => {
    const random = mulberry32(42);
    for (let round = 0; round < 50; round += 1) {
      const times = [100, 101, 102];
      const [annDoc, benDoc] = concurrentLinks(
        { id: `ann-${random()}`, createdAt: pickOne(random, times), polarity: '+' },
        { id: `ben-${random()}`, createdAt: pickOne(random, times), polarity: '-' },
      );
      const ann = wellFormedLinks(annDoc);
      expect(wellFormedLinks(benDoc)).toEqual(ann);
      expect(ann.links).toHaveLength(1);
      expect(ann.duplicateIds).toHaveLength(1);
    }
  });

  it('refuses a third link locally while a duplicate exists', () => {
    const [annDoc] = concurrentLinks(
      { id: 'one', createdAt: 1, polarity: '+' },
      { id: 'two', createdAt: 2, polarity: '+' },
    );
    expect(addLink(annDoc, { from: 'a', to: 'b' }, pinnedAuthor('Ann'))).toEqual({
      ok: false,
      reason: 'duplicate',
    });
  });

  it('lets the later link take over when the earlier one is deleted', () => {
    const [annDoc, benDoc] = concurrentLinks(
      { id: 'first', createdAt: 1, polarity: '+' },
      { id: 'second', createdAt: 2, polarity: '-' },
    );
    deleteLink(annDoc, 'first', pinnedAuthor('Ann', 10));
    syncDocs(annDoc, benDoc);
    for (const doc of [annDoc, benDoc]) {
      expect(wellFormedLinks(doc)).toMatchObject({ duplicateIds: [] });
      expect(wellFormedLinks(doc).links.map((l) => l.id)).toEqual(['second']);
    }
  });
});

describe('polarity', () => {
  it('toggles between "may lead to" and "may not lead to"', () => {
    const doc = mapWithStatements();
    const id = drawn(addLink(doc, { from: 'a', to: 'b' }, pinnedAuthor('Ben')));
    togglePolarity(doc, id);
    expect(linkOf(doc, id).polarity).toBe('-');
    togglePolarity(doc, id);
    expect(linkOf(doc, id).polarity).toBe('+');
    setPolarity(doc, id, '-');
    expect(linkOf(doc, id).polarity).toBe('-');
  });

  it('ignores an unknown link and sends nothing', () => {
    const doc = mapWithStatements();
    let updates = 0;
    doc.on('update', () => (updates += 1));
    togglePolarity(doc, 'nope');
    setPolarity(doc, 'nope', '-');
    expect(updates).toBe(0);
  });

  it('passes the origin through, so the client can ignore its own echo', () => {
    const doc = mapWithStatements();
    const id = drawn(addLink(doc, { from: 'a', to: 'b' }, pinnedAuthor('Ben')));
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    togglePolarity(doc, id, 'local');
    deleteLink(doc, id, pinnedAuthor('Ben'), 'local');
    restoreLink(doc, id, 'local');
    expect(origins).toEqual(['local', 'local', 'local']);
  });

  it('ends the same for everyone when two people toggle at once', () => {
    const annDoc = mapWithStatements();
    const id = drawn(addLink(annDoc, { from: 'a', to: 'b' }, pinnedAuthor('Ann')));
    const benDoc = new Y.Doc();
    syncDocs(annDoc, benDoc);
    togglePolarity(annDoc, id);
    togglePolarity(benDoc, id);
    syncDocs(annDoc, benDoc);
    expect(linkOf(annDoc, id).polarity).toBe(linkOf(benDoc, id).polarity);
  });

  it('reads a foreign link with no valid polarity as "+"', () => {
    const doc = mapWithStatements();
    writeLinkDirectly(doc, 'odd', 'a', 'b');
    mapParts(doc).links.get('odd')!.set('polarity', 'maybe');
    expect(linkOf(doc, 'odd').polarity).toBe('+');
  });
});

describe('deleting and restoring a link', () => {
  it('keeps the entry with deletedAt and deletedBy, and drops it from the live links', () => {
    const doc = mapWithStatements();
    const id = drawn(addLink(doc, { from: 'a', to: 'b' }, pinnedAuthor('Ann', 100)));
    deleteLink(doc, id, pinnedAuthor('Ben', 200));
    expect(linkOf(doc, id)).toMatchObject({ from: 'a', to: 'b', deletedAt: 200, deletedBy: 'Ben' });
    expect(readMap(doc).links.map((l) => l.id)).toEqual([id]);
    expect(readMap(doc).liveLinks).toEqual([]);
  });

  it('keeps the first deletion when deleted twice', () => {
    const doc = mapWithStatements();
    const id = drawn(addLink(doc, { from: 'a', to: 'b' }, pinnedAuthor('Ann')));
    deleteLink(doc, id, pinnedAuthor('Ben', 200));
    deleteLink(doc, id, pinnedAuthor('Chloe', 300));
    expect(linkOf(doc, id)).toMatchObject({ deletedAt: 200, deletedBy: 'Ben' });
  });

  it('restoring removes deletedAt and deletedBy and makes the link count again', () => {
    const doc = mapWithStatements();
    const id = drawn(addLink(doc, { from: 'a', to: 'b' }, pinnedAuthor('Ann')));
    deleteLink(doc, id, pinnedAuthor('Ben', 200));
    restoreLink(doc, id);
    const map = mapParts(doc).links.get(id)!;
    expect(map.has('deletedAt')).toBe(false);
    expect(map.has('deletedBy')).toBe(false);
    expect(readMap(doc).liveLinks.map((l) => l.id)).toEqual([id]);
  });

  it('restoring an older link makes a link drawn since in the same direction a duplicate', () => {
    const doc = mapWithStatements();
    const old = drawn(addLink(doc, { from: 'a', to: 'b' }, frozenAuthor('Ann', 10)));
    deleteLink(doc, old, frozenAuthor('Ann', 20));
    const newer = drawn(addLink(doc, { from: 'a', to: 'b', polarity: '-' }, frozenAuthor('Ann', 30)));
    restoreLink(doc, old);
    expect(wellFormedLinks(doc)).toMatchObject({ duplicateIds: [newer] });
    expect(wellFormedLinks(doc).links.map((l) => l.id)).toEqual([old]);
  });
});

describe('cleaning up duplicate links', () => {
  function docWithDuplicates(): Y.Doc {
    const doc = mapWithStatements();
    writeLinkDirectly(doc, 'keep', 'a', 'b', 1);
    writeLinkDirectly(doc, 'dup-1', 'a', 'b', 2);
    writeLinkDirectly(doc, 'dup-2', 'a', 'b', 3);
    writeLinkDirectly(doc, 'other-way', 'b', 'a', 4);
    return doc;
  }

  it('soft-deletes every duplicate, keeps the link, and says how many it removed', () => {
    const doc = docWithDuplicates();
    expect(cleanUpDuplicateLinks(doc, pinnedAuthor('Ann', 500))).toBe(2);
    expect(linkOf(doc, 'dup-1')).toMatchObject({ deletedBy: 'Ann' });
    expect(linkOf(doc, 'dup-2').deletedAt).not.toBeNull();
    expect(linkOf(doc, 'keep').deletedAt).toBeNull();
    expect(linkOf(doc, 'other-way').deletedAt).toBeNull();
    expect(wellFormedLinks(doc).duplicateIds).toEqual([]);
    expect(livePairs(doc)).toEqual(['a>b', 'b>a']);
  });

  it('does nothing and sends nothing when there are no duplicates', () => {
    const doc = docWithDuplicates();
    cleanUpDuplicateLinks(doc, pinnedAuthor('Ann'));
    let updates = 0;
    doc.on('update', () => (updates += 1));
    expect(cleanUpDuplicateLinks(doc, pinnedAuthor('Ann'))).toBe(0);
    expect(updates).toBe(0);
  });

  it('cleans up in one update', () => {
    const doc = docWithDuplicates();
    let updates = 0;
    doc.on('update', () => (updates += 1));
    cleanUpDuplicateLinks(doc, pinnedAuthor('Ann'));
    expect(updates).toBe(1);
  });

  it('leaves exactly one live link when two people clean up at the same time', () => {
    const annDoc = docWithDuplicates();
    const benDoc = new Y.Doc();
    syncDocs(annDoc, benDoc);
    cleanUpDuplicateLinks(annDoc, pinnedAuthor('Ann', 500));
    cleanUpDuplicateLinks(benDoc, pinnedAuthor('Ben', 600));
    syncDocs(annDoc, benDoc);
    for (const doc of [annDoc, benDoc]) {
      expect(wellFormedLinks(doc).links.map((l) => l.id)).toEqual(['keep', 'other-way']);
      expect(wellFormedLinks(doc).duplicateIds).toEqual([]);
    }
    expect(readMap(annDoc)).toEqual(readMap(benDoc));
  });
});
