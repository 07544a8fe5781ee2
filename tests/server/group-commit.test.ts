import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LoopRunner } from '../../server/src/loop-pool.js';
import { Rooms } from '../../server/src/rooms.js';
import type { Peer } from '../../server/src/room.js';
import { openSqliteStorage } from '../../server/src/sqlite-storage.js';
import type { Storage } from '../../server/src/storage.js';
import { hashToken } from '../../server/src/tokens.js';
import { makeTempDir, removeDir } from './helpers.js';

// Group commit (write-batch.ts): updates read together (one socket read) share one transaction, and
// nothing reaches any connection before the transaction holding it has committed (SPEC §4).

let dataDir: string;
let storage: Storage;
const events: string[] = [];

/** The SQLite store, telling `events` when a transaction commits and what it held. */
function recording(inner: Storage): Storage {
  let appends = 0;
  return {
    ...inner,
    appendUpdate(id, update) {
      appends += 1;
      return inner.appendUpdate(id, update);
    },
    inOneTransaction(write) {
      appends = 0;
      inner.inOneTransaction(write);
      events.push(`commit ${appends}`);
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
  dataDir = await makeTempDir('causal-map-group-commit-');
  storage = openSqliteStorage(dataDir);
  storage.createMap({ id: 'm', title: 'M', editTokenHash: hashToken('e'), viewTokenHash: hashToken('v'), createdAt: 1 }, Y.encodeStateAsUpdate(new Y.Doc()));
});
afterEach(async () => {
  storage.close();
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
  });
}

it('stores the updates read together in one transaction and relays them only after it commits', async () => {
  const rooms = openRooms();
  const alice = peer('alice');
  const bob = peer('bob');
  const room = rooms.join('m', alice);
  rooms.join('m', bob);
  if (!room) throw new Error('no room');
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('a', 1)), alice);
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('b', 2)), bob);
  // Applied, but neither stored nor relayed yet.
  expect(events).toEqual([]);
  await new Promise((resolve) => setImmediate(resolve));
  // Each to everyone but its sender, who has it already.
  expect(events).toEqual(['commit 2', 'send bob', 'send alice']);
  expect(storage.loadMap('m')?.updates).toHaveLength(2);
  rooms.closeAll(1001, 'done');
});

it('stores pending updates before the document state is shown to anyone', () => {
  const rooms = openRooms();
  const alice = peer('alice');
  const room = rooms.join('m', alice);
  rooms.join('m', peer('bob'));
  if (!room) throw new Error('no room');
  room.receiveUpdate(editOf((doc) => doc.getMap('meta').set('a', 1)), alice);
  expect(events).toEqual([]);
  // What a sync reply or an HTTP read does first.
  const title = rooms.read('m', (doc) => doc.getMap('meta').get('a'));
  expect(title).toBe(1);
  expect(events).toEqual(['commit 1', 'send bob']);
  expect(storage.loadMap('m')?.updates).toHaveLength(1);
  rooms.closeAll(1001, 'done');
});
