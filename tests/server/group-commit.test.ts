import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LoopRunner } from '../../server/src/loop-pool.js';
import { Rooms } from '../../server/src/rooms.js';
import type { Peer } from '../../server/src/room.js';
import { openSqliteStorage } from '../../server/src/sqlite-storage.js';
import type { Storage } from '../../server/src/storage.js';
import { singleNode } from '../../server/src/cluster.js';
import { hashToken } from '../../server/src/tokens.js';
import { makeTempDir, removeDir } from './helpers.js';

// Group commit (write-batch.ts): updates read together (one socket read) share one transaction, and
// nothing reaches any connection before the transaction holding it has committed (SPEC §4).

let dataDir: string;
let storage: Storage;
const events: string[] = [];
/** While set, commits wait for it: a slow database. */
let gate: Promise<void> | null = null;

/** The SQLite store, telling `events` when a transaction commits and what it held. */
function recording(inner: Storage): Storage {
  return {
    ...inner,
    async appendUpdates(writes) {
      if (gate) await gate;
      const results = await inner.appendUpdates(writes);
      events.push(`commit ${writes.length}`);
      return results;
    },
  };
}

const idleLoops: LoopRunner = { run: () => new Promise(() => {}) };

function peer(name: string): Peer {
  return { access: 'edit', clientIds: new Set(), send: () => events.push(`send ${name}`), close: () => {} };
}

function editOf(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  let captured: Uint8Array = new Uint8Array();
  doc.on('update', (update: Uint8Array) => {
    captured = update;
  });
  change(doc);
  return captured;
}

beforeEach(async () => {
  events.length = 0;
  gate = null;
  dataDir = await makeTempDir('causal-map-group-commit-');
  storage = openSqliteStorage(dataDir);
  await storage.createMap({ id: 'm', title: 'M', editTokenHash: hashToken('e'), viewTokenHash: hashToken('v'), createdAt: 1 }, Y.encodeStateAsUpdate(new Y.Doc()));
});
afterEach(async () => {
  await storage.close();
  await removeDir(dataDir);
});

function openRooms(): Rooms {
  return new Rooms(recording(storage), {
    compactEvery: 500,
    compactIdleMs: 60_000,
    graceMs: 0,
    log: pino({ level: 'silent' }),
    loopPool: idleLoops,
    maxLoops: 100,
    maxMapBytes: 10_000_000,
    maxText: 10_000,
    awarenessPerSecond: 10,
    ...singleNode(),
    writeRefusal: () => null,
  });
}

it('stores the updates read together in one transaction and relays them only after it commits', async () => {
  const rooms = openRooms();
  const alice = peer('alice');
  const bob = peer('bob');
  const room = await rooms.join('m', alice);
  await rooms.join('m', bob);
  if (!room) throw new Error('no room');
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('a', 1)), alice);
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('b', 2)), bob);
  // Applied, but neither stored nor relayed yet.
  expect(events).toEqual([]);
  await room.stored();
  // Each to everyone but its sender, who has it already.
  expect(events).toEqual(['commit 2', 'send bob', 'send alice']);
  expect((await storage.loadMap('m'))?.updates).toHaveLength(2);
  await rooms.closeAll(1001, 'done');
});

it('shows the document state to no one before what it holds is stored', async () => {
  const rooms = openRooms();
  const alice = peer('alice');
  const room = await rooms.join('m', alice);
  await rooms.join('m', peer('bob'));
  if (!room) throw new Error('no room');
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('a', 1)), alice);
  expect(events).toEqual([]);
  // What a sync reply or an HTTP read does: read now, answer once stored.
  const title = await rooms.read('m', (doc) => doc.getMap('meta').get('a'));
  expect(title).toBe(1);
  expect(events).toEqual(['commit 1', 'send bob']);
  expect((await storage.loadMap('m'))?.updates).toHaveLength(1);
  await rooms.closeAll(1001, 'done');
});

it('writes one batch at a time: what arrives during a commit goes in the next one', async () => {
  const rooms = openRooms();
  const alice = peer('alice');
  const room = await rooms.join('m', alice);
  if (!room) throw new Error('no room');
  let open = (): void => {};
  gate = new Promise((resolve) => {
    open = resolve;
  });
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('a', 1)), alice);
  await new Promise((resolve) => setImmediate(resolve));
  // The first batch is being written; these two wait for it and then go together.
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('b', 2)), alice);
  await new Promise((resolve) => setImmediate(resolve));
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('c', 3)), alice);
  expect(events).toEqual([]);
  open();
  await room.stored();
  expect(events).toEqual(['commit 1', 'commit 2']);
  expect((await storage.journal('m'))?.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
  await rooms.closeAll(1001, 'done');
});
