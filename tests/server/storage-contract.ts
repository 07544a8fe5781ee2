import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { MapRecord, Storage } from '../../server/src/storage.js';
import { hashToken } from '../../server/src/tokens.js';
import { makeTempDir, removeDir } from './helpers.js';
import { updateOf } from './socket-helpers.js';

// What every Storage adapter must do (tldraw's storageContractSuite): call this from one
// test file per adapter.

export interface ContractOptions {
  /** Opens the adapter's store for `dataDir` (the same dir gives the same store again). */
  open: (dataDir: string) => Promise<Storage>;
  /** Several servers may share the store (PostgreSQL): two handles write one map at once. */
  shared?: boolean;
}

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

async function rebuild(storage: Storage, id: string): Promise<Y.Doc> {
  const stored = await storage.loadMap(id);
  if (!stored) throw new Error(`map ${id} is missing`);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

const push = (doc: Y.Doc, value: string): Uint8Array => updateOf(doc, () => doc.getArray('order').push([value]));

export function storageContract(name: string, options: ContractOptions): void {
  const { open } = options;
  describe(`${name} storage contract`, () => {
    let dataDir: string;
    let storage: Storage;

    beforeEach(async () => {
      dataDir = await makeTempDir('causal-map-storage-');
      storage = await open(dataDir);
    });
    afterEach(async () => {
      await storage.close();
      await removeDir(dataDir);
    });

    it('creates a map and finds it again', async () => {
      await storage.createMap(record('a'), docWith('A').update);
      const found = await storage.getMap('a');
      expect(found?.title).toBe('map a');
      expect(found && Buffer.from(found.editTokenHash).equals(hashToken('a-edit'))).toBe(true);
      expect(await storage.getMap('b')).toBeUndefined();
      expect(await storage.loadMap('b')).toBeUndefined();
      expect((await rebuild(storage, 'a')).getMap('meta').get('title')).toBe('A');
      await storage.ping();
    });

    it('refuses a second map with the same id and updates for an unknown map', async () => {
      await storage.createMap(record('a'), docWith('A').update);
      await expect(storage.createMap(record('a'), docWith('A').update)).rejects.toThrow();
      await expect(storage.appendUpdate('nope', new Uint8Array([0, 0]))).rejects.toThrow();
      // The first map is untouched by the refused second one.
      expect((await rebuild(storage, 'a')).getMap('meta').get('title')).toBe('A');
    });

    it('appends updates with increasing seq and replays them in order', async () => {
      const { doc, update } = docWith('A');
      await storage.createMap(record('a'), update);
      const seqs: number[] = [];
      for (let i = 0; i < 5; i += 1) seqs.push(await storage.appendUpdate('a', push(doc, `s${i}`)));
      expect(seqs).toEqual([2, 3, 4, 5, 6]);
      expect(await storage.pendingUpdates('a')).toBe(5);
      expect((await storage.loadMap('a'))?.lastSeq).toBe(6);
      expect((await storage.lastSeqs(['a', 'nope'])).get('a')).toBe(6);
      expect((await storage.lastSeqs(['a', 'nope'])).has('nope')).toBe(false);
      expect((await rebuild(storage, 'a')).getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    });

    it('appends a batch of several maps in one go; an unknown map gets an error, the rest are stored', async () => {
      const a = docWith('A');
      const b = docWith('B');
      await storage.createMap(record('a'), a.update);
      await storage.createMap(record('b'), b.update);
      const meta = { receivedAt: 5_000, by: 'Ana' };
      const results = await storage.appendUpdates([
        { mapId: 'a', update: push(a.doc, 'a1'), meta },
        { mapId: 'nope', update: new Uint8Array([0, 0]), meta },
        { mapId: 'b', update: push(b.doc, 'b1'), meta },
        { mapId: 'a', update: push(a.doc, 'a2'), meta },
      ]);
      expect(results[0]).toBe(2);
      expect(results[1]).toBeInstanceOf(Error);
      expect(results[2]).toBe(2);
      expect(results[3]).toBe(3);
      expect((await rebuild(storage, 'a')).getArray('order').toArray()).toEqual(['a1', 'a2']);
      expect((await rebuild(storage, 'b')).getArray('order').toArray()).toEqual(['b1']);
    });

    it('gives the entries after a seq, for a node catching up', async () => {
      const { doc, update } = docWith('A');
      await storage.createMap(record('a'), update);
      for (let i = 0; i < 4; i += 1) await storage.appendUpdate('a', push(doc, `s${i}`), { receivedAt: 100 + i, by: null });
      await storage.compact('a', Y.encodeStateAsUpdate(doc), 5);
      const after = await storage.updatesAfter('a', 3);
      expect(after.map((entry) => entry.seq)).toEqual([4, 5]);
      expect(after.map((entry) => entry.receivedAt)).toEqual([102, 103]);
      const replayed = new Y.Doc();
      for (const entry of await storage.updatesAfter('a', 0)) Y.applyUpdate(replayed, entry.update);
      expect(replayed.getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3']);
      expect(await storage.updatesAfter('a', 5)).toEqual([]);
    });

    it('compacts: the snapshot replaces the updates it covers and later ones stay', async () => {
      const { doc, update } = docWith('A');
      await storage.createMap(record('a'), update);
      let last = 0;
      for (let i = 0; i < 3; i += 1) last = await storage.appendUpdate('a', push(doc, `s${i}`));
      const covering = Y.encodeStateAsUpdate(doc);
      await storage.compact('a', covering, last);
      expect(await storage.pendingUpdates('a')).toBe(0);
      const after = await storage.appendUpdate('a', push(doc, 's3'));
      // seq keeps growing past a compaction that emptied the log
      expect(after).toBe(last + 1);
      // An older snapshot (another node's, late) does not replace a newer one.
      await storage.compact('a', update, 1);
      const stored = await storage.loadMap('a');
      expect(stored?.updates).toHaveLength(1);
      expect(stored?.lastSeq).toBe(after);
      expect((await rebuild(storage, 'a')).getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3']);
    });

    it('keeps a journal of every update with when it arrived and from whom, through compactions', async () => {
      const { doc, update } = docWith('A');
      await storage.createMap(record('a'), update);
      const first = await storage.journal('a');
      expect(first).toHaveLength(1);
      expect(first?.[0]).toMatchObject({ receivedAt: 1_763_715_645_000, by: null });
      let last = 0;
      for (let i = 0; i < 3; i += 1) {
        last = await storage.appendUpdate('a', push(doc, `s${i}`), { receivedAt: 2_000 + i, by: i === 1 ? 'Ben (GP)' : null });
      }
      await storage.compact('a', Y.encodeStateAsUpdate(doc), last);
      await storage.appendUpdate('a', push(doc, 's3'), { receivedAt: 9_000, by: 'Ana' });
      const journal = (await storage.journal('a')) ?? [];
      expect(journal.map((entry) => entry.receivedAt)).toEqual([1_763_715_645_000, 2_000, 2_001, 2_002, 9_000]);
      expect(journal.map((entry) => entry.by)).toEqual([null, null, 'Ben (GP)', null, 'Ana']);
      expect(journal.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
      // Replaying the journal gives the map, as loading does.
      const replayed = new Y.Doc();
      for (const entry of journal) Y.applyUpdate(replayed, entry.update);
      expect(replayed.getArray('order').toArray()).toEqual(['s0', 's1', 's2', 's3']);
      expect(await storage.pendingUpdates('a')).toBe(1);
      expect(await storage.journal('nope')).toBeUndefined();
    });

    it('replaces one token hash or both (a rotation) and keeps the other', async () => {
      await storage.createMap(record('a'), docWith('A').update);
      expect(await storage.replaceTokenHashes('a', { editTokenHash: hashToken('a-edit-2') })).toBe(true);
      let found = await storage.getMap('a');
      expect(found && Buffer.from(found.editTokenHash).equals(hashToken('a-edit-2'))).toBe(true);
      expect(found && Buffer.from(found.viewTokenHash).equals(hashToken('a-view'))).toBe(true);
      await storage.replaceTokenHashes('a', { editTokenHash: hashToken('a-edit-3'), viewTokenHash: hashToken('a-view-3') });
      found = await storage.getMap('a');
      expect(found && Buffer.from(found.editTokenHash).equals(hashToken('a-edit-3'))).toBe(true);
      expect(found && Buffer.from(found.viewTokenHash).equals(hashToken('a-view-3'))).toBe(true);
      expect(await storage.replaceTokenHashes('nope', { viewTokenHash: hashToken('x') })).toBe(false);
    });

    it('keeps a renamed title in the record', async () => {
      await storage.createMap(record('a'), docWith('A').update);
      expect(await storage.setTitle('a', 'Mrs A, case conference')).toBe(true);
      expect((await storage.getMap('a'))?.title).toBe('Mrs A, case conference');
      expect(await storage.setTitle('nope', 'x')).toBe(false);
    });

    it('keeps everything across closing and opening again', async () => {
      const { doc, update } = docWith('A');
      await storage.createMap(record('a'), update);
      await storage.createMap(record('b'), docWith('B').update);
      await storage.appendUpdate('a', updateOf(doc, () => doc.getMap('meta').set('title', 'A2')));
      await storage.close();
      storage = await open(dataDir);
      expect((await rebuild(storage, 'a')).getMap('meta').get('title')).toBe('A2');
      expect((await rebuild(storage, 'b')).getMap('meta').get('title')).toBe('B');
      expect((await storage.getMap('b'))?.createdAt).toBe(1_763_715_645_000);
    });

    if (options.shared) {
      it('two servers appending to one map at once get one seq each, with no gap', async () => {
        const other = await open(dataDir);
        try {
          const { doc, update } = docWith('A');
          await storage.createMap(record('a'), update);
          const writes: Array<Promise<number>> = [];
          for (let i = 0; i < 40; i += 1) writes.push((i % 2 === 0 ? storage : other).appendUpdate('a', push(doc, `s${i}`)));
          const seqs = await Promise.all(writes);
          expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
          expect((await other.lastSeqs(['a'])).get('a')).toBe(41);
          expect((await rebuild(other, 'a')).getArray('order').length).toBe(40);
        } finally {
          await other.close();
        }
      });
    }
  });
}
