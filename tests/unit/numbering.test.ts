import { readMap } from '@causal-map/shared/map-view';
import { statementNumbers } from '@causal-map/shared/numbering';
import { mapParts } from '@causal-map/shared/schema';
import { addStatement, deleteStatement, restoreStatement } from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { frozenAuthor, pinnedAuthor } from './helpers/authors.js';
import { addForeignStatement } from './helpers/foreign-writer.js';
import { Network, type Peer, syncDocs } from './helpers/peers.js';
import { mulberry32, pickOne, randomInt } from './helpers/random.js';

function numberOf(doc: Y.Doc, id: string): number | undefined {
  return statementNumbers(doc).get(id);
}

describe('statement numbers on one map', () => {
  it('numbers statements 1, 2, 3 in the order they were added, as 1 + their place in order', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    const ids = ['Pain at night', 'Sleeps badly', 'Falls in the morning'].map((text) =>
      addStatement(doc, { text, x: 0, y: 0 }, ana),
    );
    expect(ids.map((id) => numberOf(doc, id))).toEqual([1, 2, 3]);
    const order = mapParts(doc).order.toArray();
    for (const id of ids) expect(numberOf(doc, id)).toBe(order.indexOf(id) + 1);
  });

  it('does not depend on ids: a statement with a "small" id added last is still numbered last', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    addStatement(doc, { id: 'zzz', x: 0, y: 0 }, ana);
    addStatement(doc, { id: 'mmm', x: 0, y: 0 }, ana);
    addStatement(doc, { id: 'aaa', x: 0, y: 0 }, ana);
    expect([...statementNumbers(doc)]).toEqual([
      ['zzz', 1],
      ['mmm', 2],
      ['aaa', 3],
    ]);
  });

  it('keeps every number when a statement is deleted, and the deleted one keeps its own', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    const [a, b, c] = [1, 2, 3].map((n) => addStatement(doc, { text: `s${n}`, x: 0, y: 0 }, ana));
    deleteStatement(doc, b!, ana);
    expect([a, b, c].map((id) => numberOf(doc, id!))).toEqual([1, 2, 3]);
    const deleted = readMap(doc).statements.find((s) => s.id === b);
    expect(deleted).toMatchObject({ number: 2, text: 's2' });
    expect(deleted?.deletedAt).not.toBeNull();
  });

  it('never reuses a number: after deleting the last statement the next one still gets a new number', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    addStatement(doc, { x: 0, y: 0 }, ana);
    const second = addStatement(doc, { x: 0, y: 0 }, ana);
    deleteStatement(doc, second, ana);
    const third = addStatement(doc, { x: 0, y: 0 }, ana);
    expect(numberOf(doc, second)).toBe(2);
    expect(numberOf(doc, third)).toBe(3);
  });

  it('gives a restored statement back its old number', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    const first = addStatement(doc, { x: 0, y: 0 }, ana);
    addStatement(doc, { x: 0, y: 0 }, ana);
    deleteStatement(doc, first, ana);
    addStatement(doc, { x: 0, y: 0 }, ana);
    restoreStatement(doc, first);
    expect(numberOf(doc, first)).toBe(1);
  });

  it('numbers a statement missing from order (a foreign writer) after all others, by createdAt then id', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana', 100);
    const a = addStatement(doc, { x: 0, y: 0 }, ana);
    const b = addStatement(doc, { x: 0, y: 0 }, ana);
    addForeignStatement(doc, 'late', 50);
    addForeignStatement(doc, 'tie-b', 10);
    addForeignStatement(doc, 'tie-a', 10);
    // Created before a and b, yet the foreign statements come after them.
    expect(numberOf(doc, a)).toBe(1);
    expect(numberOf(doc, b)).toBe(2);
    expect(numberOf(doc, 'tie-a')).toBe(3);
    expect(numberOf(doc, 'tie-b')).toBe(4);
    expect(numberOf(doc, 'late')).toBe(5);
  });

  it('keeps foreign statements after statements added later through order', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana', 100);
    addForeignStatement(doc, 'foreign', 1);
    const added = addStatement(doc, { x: 0, y: 0 }, ana);
    expect(numberOf(doc, added)).toBe(1);
    expect(numberOf(doc, 'foreign')).toBe(2);
  });

  it('keeps numbers by place in order when a foreign writer sends an id before its statement', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    mapParts(doc).order.push(['late']);
    const added = addStatement(doc, { x: 0, y: 0 }, ana);
    expect(numberOf(doc, added)).toBe(2);
    addForeignStatement(doc, 'late', 1);
    expect(numberOf(doc, 'late')).toBe(1);
    expect(numberOf(doc, added)).toBe(2);
  });

  it('numbers an id found twice in order by its first place; the second still takes up a number', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    const first = addStatement(doc, { x: 0, y: 0 }, ana);
    const second = addStatement(doc, { x: 0, y: 0 }, ana);
    mapParts(doc).order.push([first]);
    const third = addStatement(doc, { x: 0, y: 0 }, ana);
    expect([first, second, third].map((id) => numberOf(doc, id))).toEqual([1, 2, 4]);
    expect(readMap(doc).statements.map((s) => s.id)).toEqual([first, second, third]);
  });

  it('lists the map by number in readMap, foreign statements included', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana');
    addForeignStatement(doc, 'foreign', 1, 'from a script');
    addStatement(doc, { id: 'z', text: 'first', x: 0, y: 0 }, ana);
    addStatement(doc, { id: 'a', text: 'second', x: 0, y: 0 }, ana);
    expect(readMap(doc).statements.map((s) => [s.number, s.text])).toEqual([
      [1, 'first'],
      [2, 'second'],
      [3, 'from a script'],
    ]);
  });
});

describe('statement numbers between people', () => {
  it('gives two people who add a statement at the same moment two different numbers, the same on both sides', () => {
    const annDoc = new Y.Doc();
    const benDoc = new Y.Doc();
    addStatement(annDoc, { id: 'shared', x: 0, y: 0 }, frozenAuthor('Ann', 1));
    syncDocs(annDoc, benDoc);
    const fromAnn = addStatement(annDoc, { x: 0, y: 0 }, frozenAuthor('Ann', 5));
    const fromBen = addStatement(benDoc, { x: 0, y: 0 }, frozenAuthor('Ben', 5));
    // Before they sync, each sees their own as number 2.
    expect(numberOf(annDoc, fromAnn)).toBe(2);
    expect(numberOf(benDoc, fromBen)).toBe(2);
    syncDocs(annDoc, benDoc);
    expect([...statementNumbers(annDoc)]).toEqual([...statementNumbers(benDoc)]);
    expect(new Set([numberOf(annDoc, fromAnn), numberOf(annDoc, fromBen)])).toEqual(new Set([2, 3]));
    expect(numberOf(annDoc, 'shared')).toBe(1);
  });
});

// Convergence under a lossy, reordering network (SPEC §1 "Numbers").

const PEER_NAMES = ['Ana (nurse)', 'Ben (GP)', 'Chloe (social worker)', 'Dan (son)'];
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

interface RunResult {
  network: Network;
  /** Every statement id created anywhere, with who created it, in creation order per peer. */
  created: { id: string; peer: Peer; foreign: boolean }[];
  /** Numbers of statements in `order` when everyone was last fully in sync mid-run. */
  checkpoint: Map<string, number>;
}

function randomId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 10; i += 1) id += pickOne(random, [...ID_ALPHABET]);
  return id;
}

/** Peers add, delete and restore statements while the network delivers, drops and re-syncs. */
function runNumberingScenario(seed: number): RunResult {
  const random = mulberry32(seed);
  const peerCount = 3 + randomInt(random, 2);
  const network = new Network(PEER_NAMES.slice(0, peerCount), random, {
    dropRate: random() * 0.4,
  });
  const created: RunResult['created'] = [];
  // Clocks advance slowly and alike on every peer, so createdAt ties are common.
  const clock = { at: 1_000 };
  const author = (peer: Peer) => ({ name: peer.name, now: () => clock.at });
  let checkpoint = new Map<string, number>();
  const steps = 40 + randomInt(random, 40);
  const checkpointStep = randomInt(random, steps);
  for (let step = 0; step < steps; step += 1) {
    if (step === checkpointStep) {
      network.settle();
      const { order } = mapParts(network.peers[0]!.doc);
      const numbers = statementNumbers(network.peers[0]!.doc);
      checkpoint = new Map(order.toArray().map((id) => [id, numbers.get(id)!]));
    }
    if (random() < 0.3) clock.at += 1;
    const peer = pickOne(random, network.peers);
    const roll = random();
    const known = [...mapParts(peer.doc).statements.keys()];
    if (roll < 0.35) {
      const id = randomId(random);
      addStatement(peer.doc, { id, text: id, x: step, y: 0 }, author(peer));
      created.push({ id, peer, foreign: false });
    } else if (roll < 0.4) {
      const id = randomId(random);
      addForeignStatement(peer.doc, id, clock.at);
      created.push({ id, peer, foreign: true });
    } else if (roll < 0.5 && known.length > 0) {
      deleteStatement(peer.doc, pickOne(random, known), author(peer));
    } else if (roll < 0.55 && known.length > 0) {
      restoreStatement(peer.doc, pickOne(random, known));
    } else if (roll < 0.9) {
      network.deliverSome(1 + randomInt(random, 4));
    } else {
      network.resyncRandomPair();
    }
  }
  network.settle();
  return { network, created, checkpoint };
}

function checkNumbering({ network, created, checkpoint }: RunResult): void {
  expect(network.isConverged()).toBe(true);
  const [first, ...others] = network.peers.map((peer) => [...statementNumbers(peer.doc)].sort());
  // Same id, same number, on every peer.
  for (const numbers of others) expect(numbers).toEqual(first);
  const numbers = new Map(first);
  // Nothing anyone added was lost, despite the drops.
  expect(new Set(numbers.keys())).toEqual(new Set(created.map((c) => c.id)));
  // Distinct numbers, 1..n, no gaps.
  expect([...numbers.values()].sort((a, b) => a - b)).toEqual(created.map((_, i) => i + 1));
  // Statements added through order come before foreign ones.
  const ordered = created.filter((c) => !c.foreign).map((c) => numbers.get(c.id)!);
  const foreign = created.filter((c) => c.foreign).map((c) => numbers.get(c.id)!);
  if (ordered.length > 0 && foreign.length > 0) {
    expect(Math.max(...ordered)).toBeLessThan(Math.min(...foreign));
  }
  // What one person added in sequence keeps its sequence.
  for (const peer of network.peers) {
    const own = created.filter((c) => c.peer === peer && !c.foreign).map((c) => numbers.get(c.id)!);
    expect(own).toEqual([...own].sort((a, b) => a - b));
  }
  // A number everybody has seen never changes afterwards.
  for (const [id, number] of checkpoint) expect(numbers.get(id)).toBe(number);
}

describe('statement numbers converge across 3-4 peers on a lossy network', () => {
  const seeds = Array.from({ length: 200 }, (_, i) => i + 1);
  it.each(seeds)('seed %i: all peers agree on distinct numbers 1..n', (seed) => {
    const run = runNumberingScenario(seed);
    try {
      checkNumbering(run);
    } finally {
      run.network.destroy();
    }
  });

  it('the harness really drops, reorders and still converges (seed 7)', () => {
    // Guards the harness itself: without drops and pending updates the fuzz would prove little.
    const random = mulberry32(7);
    const network = new Network(['Ana', 'Ben'], random, { dropRate: 1 });
    const ana = network.peers[0]!;
    const ben = network.peers[1]!;
    addStatement(ana.doc, { id: 'one', x: 0, y: 0 }, frozenAuthor('Ana', 1));
    addStatement(ana.doc, { id: 'two', x: 0, y: 0 }, frozenAuthor('Ana', 2));
    network.deliverSome(10);
    expect(mapParts(ben.doc).statements.size).toBe(0);
    network.settle();
    expect(network.isConverged()).toBe(true);
    expect([...statementNumbers(ben.doc)]).toEqual([
      ['one', 1],
      ['two', 2],
    ]);
    network.destroy();
  });

  it('an update that arrives before the one it builds on waits, then numbers come out right', () => {
    const annDoc = new Y.Doc();
    const benDoc = new Y.Doc();
    const updates: Uint8Array[] = [];
    annDoc.on('update', (update: Uint8Array) => updates.push(update));
    addStatement(annDoc, { id: 'first', x: 0, y: 0 }, frozenAuthor('Ann', 1));
    addStatement(annDoc, { id: 'second', x: 0, y: 0 }, frozenAuthor('Ann', 2));
    Y.applyUpdate(benDoc, updates[1]!);
    expect(numberOf(benDoc, 'second')).toBeUndefined();
    Y.applyUpdate(benDoc, updates[0]!);
    expect([...statementNumbers(benDoc)]).toEqual([
      ['first', 1],
      ['second', 2],
    ]);
  });
});
