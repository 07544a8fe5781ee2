import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MapRecord, Storage } from '../../server/src/storage.js';
import { hashToken } from '../../server/src/tokens.js';
import { makeTempDir, removeDir } from './helpers.js';
import { updateOf } from './socket-helpers.js';

// What every Storage adapter must do (tldraw's storageContractSuite): call this from one
// test file per adapter.

function record(id: string): MapRecord {
  return {
    id,
    title: `map ${id}`,
    editTokenHash: hashToken(`${id}-edit`),
    viewTokenHash: hashToken(`${id}-view`),
    createdAt: 1_763_715_645_000,
  };
}

/** A doc with one entry in `meta`, and a way to make updates that add more. */
function docWith(title: string): { doc: Y.Doc; update: Uint8Array } {
  const doc = new Y.Doc();
  doc.getMap('meta').set('title', title);
  return { doc, update: Y.encodeStateAsUpdate(doc) };
}

function rebuild(storage: Storage, id: string): Y.Doc {
  const stored = storage.loadMap(id);
  if (!stored) throw new Error(`map ${id} is missing`);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

export function storageContract(name: string, open: (dataDir: string) => Storage): void {
  describe(`${name} storage contract`, () => {
    let dataDir: string;
    let storage: Storage;

    beforeEach(async () => {
      dataDir = await makeTempDir('causal-map-storage-');
      storage = open(dataDir);
    });
    afterEach(async () => {
      storage.close();
      await removeDir(dataDir);
    });

    it('creates a map and finds it again', () => {
      storage.createMap(record('a'), docWith('A').update);
      const found = storage.getMap('a');
      expect(found?.title).toBe('map a');
      expect(found && Buffer.from(found.editTokenHash).equals(hashToken('a-edit'))).toBe(true);
      expect(storage.getMap('b')).toBeUndefined();
      expect(storage.loadMap('b')).toBeUndefined();
      expect(rebuild(storage, 'a').getMap('meta').get('title')).toBe('A');
    });

    it('refuses a second map with the same id and updates for an unknown map', () => {
      storage.createMap(record('a'), docWith('A').update);
      expect(() => storage.createMap(record('a'), docWith('A').update)).toThrow();
      expect(() => storage.appendUpdate('nope', new Uint8Array([0, 0]))).toThrow();
    });

    it('appends updates with increasing seq and replays them in order', () => {
      const { doc, update } = docWith('A');
      storage.createMap(record('a'), update);
      const seqs: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        seqs.push(storage.appendUpdate('a', updateOf(doc, () => doc.getArray('order').push([`s${i}`]))));
      }
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(new Set(seqs).size).toBe(5);
      expect(storage.pendingUpdates('a')).toBe(5);
      expect(storage.loadMap('a')?.lastSeq).toBe(seqs.at(-1));
      expect(rebuild(storage, 'a').getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    });

    it('compacts: the snapshot replaces the updates it covers and later ones stay', () => {
      const { doc, update } = docWith('A');
      storage.createMap(record('a'), update);
      let last = 0;
      for (let i = 0; i < 3; i += 1) {
        last = storage.appendUpdate('a', updateOf(doc, () => doc.getArray('order').push([`s${i}`])));
      }
      storage.compact('a', Y.encodeStateAsUpdate(doc), last);
      expect(storage.pendingUpdates('a')).toBe(0);
      const after = storage.appendUpdate('a', updateOf(doc, () => doc.getArray('order').push(['s3'])));
      // seq keeps growing past a compaction that emptied the log
      expect(after).toBeGreaterThan(last);
      const stored = storage.loadMap('a');
      expect(stored?.updates).toHaveLength(1);
      expect(stored?.lastSeq).toBe(after);
      expect(rebuild(storage, 'a').getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3']);
    });

    it('keeps a journal of every update with when it arrived and from whom, through compactions', () => {
      const { doc, update } = docWith('A');
      storage.createMap(record('a'), update);
      const first = storage.journal('a');
      expect(first).toHaveLength(1);
      expect(first?.[0]).toMatchObject({ receivedAt: 1_763_715_645_000, by: null });
      let last = 0;
      for (let i = 0; i < 3; i += 1) {
        last = storage.appendUpdate('a', updateOf(doc, () => doc.getArray('order').push([`s${i}`])), { receivedAt: 2_000 + i, by: i === 1 ? 'Ben (GP)' : null });
      }
      storage.compact('a', Y.encodeStateAsUpdate(doc), last);
      storage.appendUpdate('a', updateOf(doc, () => doc.getArray('order').push(['s3'])), { receivedAt: 9_000, by: 'Ana' });
      const journal = storage.journal('a') ?? [];
      expect(journal.map((entry) => entry.receivedAt)).toEqual([1_763_715_645_000, 2_000, 2_001, 2_002, 9_000]);
      expect(journal.map((entry) => entry.by)).toEqual([null, null, 'Ben (GP)', null, 'Ana']);
      expect(journal.map((entry) => entry.seq)).toEqual([...journal.map((entry) => entry.seq)].sort((x, y) => x - y));
      // Replaying the journal gives the map, as loading does.
      const replayed = new Y.Doc();
      for (const entry of journal) Y.applyUpdate(replayed, entry.update);
      expect(replayed.getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3']);
      expect(storage.pendingUpdates('a')).toBe(1);
      expect(storage.journal('nope')).toBeUndefined();
    });

    it('replaces one token hash or both (a rotation) and keeps the other', () => {
      storage.createMap(record('a'), docWith('A').update);
      expect(storage.replaceTokenHashes('a', { editTokenHash: hashToken('a-edit-2') })).toBe(true);
      let found = storage.getMap('a');
      expect(found && Buffer.from(found.editTokenHash).equals(hashToken('a-edit-2'))).toBe(true);
      expect(found && Buffer.from(found.viewTokenHash).equals(hashToken('a-view'))).toBe(true);
      storage.replaceTokenHashes('a', { editTokenHash: hashToken('a-edit-3'), viewTokenHash: hashToken('a-view-3') });
      found = storage.getMap('a');
      expect(found && Buffer.from(found.editTokenHash).equals(hashToken('a-edit-3'))).toBe(true);
      expect(found && Buffer.from(found.viewTokenHash).equals(hashToken('a-view-3'))).toBe(true);
      expect(storage.replaceTokenHashes('nope', { viewTokenHash: hashToken('x') })).toBe(false);
    });

    it('keeps a renamed title in the record', () => {
      storage.createMap(record('a'), docWith('A').update);
      expect(storage.setTitle('a', 'Mrs A, case conference')).toBe(true);
      expect(storage.getMap('a')?.title).toBe('Mrs A, case conference');
      expect(storage.setTitle('nope', 'x')).toBe(false);
    });

    it('keeps everything across closing and opening again', () => {
      const { doc, update } = docWith('A');
      storage.createMap(record('a'), update);
      storage.createMap(record('b'), docWith('B').update);
      storage.appendUpdate('a', updateOf(doc, () => doc.getMap('meta').set('title', 'A2')));
      storage.close();
      storage = open(dataDir);
      expect(rebuild(storage, 'a').getMap('meta').get('title')).toBe('A2');
      expect(rebuild(storage, 'b').getMap('meta').get('title')).toBe('B');
      expect(storage.getMap('b')?.createdAt).toBe(1_763_715_645_000);
    });
  });
}
