import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../server/src/config.js';
import { databasePath } from '../../server/src/sqlite-storage.js';
import { TestServer, connect, createMap, disconnect, disconnectAll, waitFor, whenSynced } from './helpers.js';

// A map's life in memory: loaded on first join, compacted when quiet, gone soon after the last
// person leaves.

function pendingUpdates(dataDir: string, mapId: string): number {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    // Not covered by the snapshot yet (the journal keeps the rest).
    return (
      db
        .prepare('SELECT COUNT(*) AS n FROM updates WHERE map_id = @id AND seq > (SELECT upto_seq FROM snapshots WHERE map_id = @id)')
        .get({ id: mapId }) as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

describe('room lifecycle', () => {
  let server: TestServer | null = null;

  afterEach(async () => {
    disconnectAll();
    await server?.stop();
    server = null;
  });

  it('unloads a map within the default grace period (2 s) of the last disconnect, compacted', async () => {
    expect(DEFAULT_CONFIG.roomGraceMs).toBeLessThanOrEqual(30_000);
    const running = await TestServer.start({ roomGraceMs: DEFAULT_CONFIG.roomGraceMs });
    server = running;
    const map = await createMap(running.url);
    const first = connect(running.wsUrl, map.id, map.editToken);
    const second = connect(running.wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(first), whenSynced(second)]);
    addStatement(first.doc, { text: 'kept after unloading', x: 0, y: 0 }, { name: 'Ana' });
    await waitFor(() => readMap(second.doc).statements.length === 1, 5000, 'the statement to be relayed');
    expect(running.running.openMaps).toBe(1);

    disconnect(first);
    disconnect(second);
    const left = Date.now();
    // Still there for a quick reconnect...
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(running.running.openMaps).toBe(1);
    // ...and gone after the grace period.
    await waitFor(() => running.running.openMaps === 0, 10_000, 'the map to unload');
    expect(Date.now() - left).toBeGreaterThanOrEqual(DEFAULT_CONFIG.roomGraceMs - 50);
    expect(pendingUpdates(running.dataDir, map.id)).toBe(0);

    const again = connect(running.wsUrl, map.id, map.viewToken);
    await waitFor(() => readMap(again.doc).statements.length === 1, 5000, 'the map to load again');
  });

  it('compacts a map that goes quiet (COMPACT_IDLE_MS) while people are still on it', async () => {
    const running = await TestServer.start({ compactEvery: 1000, compactIdleMs: 300 });
    server = running;
    const map = await createMap(running.url);
    const writer = connect(running.wsUrl, map.id, map.editToken);
    const reader = connect(running.wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    for (let i = 0; i < 5; i += 1) addStatement(writer.doc, { text: `statement ${i}`, x: i, y: 0 }, { name: 'Ana' });
    await waitFor(() => readMap(reader.doc).statements.length === 5, 5000, 'the statements to be relayed');
    expect(pendingUpdates(running.dataDir, map.id)).toBeGreaterThan(0);
    await waitFor(() => pendingUpdates(running.dataDir, map.id) === 0, 5000, 'the idle compaction');
    expect(writer.closes + reader.closes).toBe(0);
    expect(running.running.openMaps).toBe(1);
  });
});
