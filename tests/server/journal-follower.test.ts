import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { JournalFollower } from '../../server/src/journal-follower.js';
import { SeqTracker } from '../../server/src/seq-tracker.js';
import { openSqliteStorage } from '../../server/src/sqlite-storage.js';
import type { Storage } from '../../server/src/storage.js';
import { hashToken } from '../../server/src/tokens.js';
import { makeTempDir, removeDir, waitFor } from './helpers.js';
import { updateOf } from './socket-helpers.js';

// How a node keeps a map level with the journal that several nodes write (SPEC §8).

it('tracks which seqs are held: in order, out of order, twice', () => {
  const seqs = new SeqTracker(3);
  expect(seqs.add(3)).toBe(false);
  expect(seqs.add(5)).toBe(true);
  expect(seqs.contiguous).toBe(3);
  expect(seqs.hasGap).toBe(true);
  expect(seqs.add(5)).toBe(false);
  expect(seqs.add(4)).toBe(true);
  expect(seqs.contiguous).toBe(5);
  expect(seqs.hasGap).toBe(false);
});

let dataDir: string;
let storage: Storage;
let writer: Y.Doc;

beforeEach(async () => {
  dataDir = await makeTempDir('causal-map-follower-');
  storage = openSqliteStorage(dataDir);
  writer = new Y.Doc();
  await storage.createMap({ id: 'm', title: 'M', editTokenHash: hashToken('e'), viewTokenHash: hashToken('v'), createdAt: 1 }, Y.encodeStateAsUpdate(writer));
});
afterEach(async () => {
  await storage.close();
  await removeDir(dataDir);
});

/** Another node's commit: stored, and what it would publish. */
async function commit(text: string): Promise<{ seq: number; update: Uint8Array }> {
  const update = updateOf(writer, () => writer.getArray<string>('order').push([text]));
  return { seq: await storage.appendUpdate('m', update), update };
}

function follower(): { follower: JournalFollower; doc: Y.Doc; applied: number[] } {
  const doc = new Y.Doc();
  const applied: number[] = [];
  const made = new JournalFollower({
    mapId: 'm',
    storage,
    log: pino({ level: 'silent' }),
    loadedUpTo: 1,
    apply: (update) => {
      Y.applyUpdate(doc, update);
      applied.push(doc.getArray('order').length);
    },
  });
  return { follower: made, doc, applied };
}

it('applies each entry once, whether it comes through Redis, from storage or both', async () => {
  const { follower: following, doc } = follower();
  const first = await commit('a');
  const second = await commit('b');
  following.received(first.seq, first.update);
  following.received(first.seq, first.update);
  await following.catchUp();
  following.received(second.seq, second.update);
  expect(doc.getArray('order').toArray()).toEqual(['a', 'b']);
  expect(following.upTo).toBe(3);
  following.close();
});

it('reads a missed entry from storage when the hole does not fill by itself', async () => {
  const { follower: following, doc } = follower();
  await commit('a');
  const second = await commit('b');
  // Redis dropped the first; the second shows the hole.
  following.received(second.seq, second.update);
  await waitFor(() => doc.getArray('order').length === 2, 2000, 'the missed entry');
  expect(doc.getArray('order').toArray()).toEqual(['a', 'b']);
  expect(following.upTo).toBe(3);
  following.close();
});

it('catches up on a periodic check when the last message was lost', async () => {
  const { follower: following, doc } = follower();
  await commit('a');
  following.check(2);
  await waitFor(() => doc.getArray('order').length === 1, 2000, 'the lost last entry');
  // This node's own commit read back by a catch-up first is not applied or relayed again.
  const own = await commit('b');
  await following.catchUp();
  expect(following.committed(own.seq)).toBe(false);
  following.close();
});
