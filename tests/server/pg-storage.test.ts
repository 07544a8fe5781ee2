import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MIGRATIONS } from '../../server/src/pg-schema.js';
import { openPgStorage } from '../../server/src/pg-storage.js';
import { hashToken } from '../../server/src/tokens.js';
import { type PostgresServer, startPostgres } from './services.js';
import { storageContract } from './storage-contract.js';

// One PostgreSQL for the file; each test gets a database of its own.
let server: PostgresServer;
beforeAll(async () => {
  server = await startPostgres();
}, 60_000);
afterAll(async () => {
  await server?.destroy();
});

const quiet = pino({ level: 'silent' });

// The contract's data dir names the database, so opening the same dir again finds the same maps.
async function databaseFor(dataDir: string): Promise<string> {
  const name = `t_${path.basename(dataDir).toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
  await server.createDatabase(name);
  return name;
}

storageContract('PostgreSQL', {
  open: async (dataDir) => openPgStorage(server.url(await databaseFor(dataDir)), { log: quiet, poolSize: 4 }),
  shared: true,
});

function record(id: string) {
  return { id, title: id, editTokenHash: hashToken(`${id}-e`), viewTokenHash: hashToken(`${id}-v`), createdAt: 1_000 };
}

function firstState(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('meta').set('title', 'A');
  return Y.encodeStateAsUpdate(doc);
}

describe('PostgreSQL storage', () => {
  it('migrates once when several servers start at once on a fresh database', async () => {
    await server.createDatabase('migrate_race');
    const url = server.url('migrate_race');
    const storages = await Promise.all([1, 2, 3].map(() => openPgStorage(url, { log: quiet, poolSize: 2 })));
    try {
      await storages[0]?.createMap(record('a'), firstState());
      for (const storage of storages) expect((await storage.getMap('a'))?.title).toBe('a');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const rows = (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows;
        expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(storages.map((storage) => storage.close()));
    }
  });

  it('two servers batching the same maps in opposite orders do not deadlock', async () => {
    await server.createDatabase('opposite_batches');
    const url = server.url('opposite_batches');
    const [one, two] = await Promise.all([openPgStorage(url, { log: quiet }), openPgStorage(url, { log: quiet })]);
    if (!one || !two) throw new Error('not opened');
    try {
      await one.createMap(record('x'), firstState());
      await one.createMap(record('y'), firstState());
      const meta = { receivedAt: 1, by: null };
      const batch = (ids: string[]) => ids.map((mapId) => ({ mapId, update: new Uint8Array([0, 0]), meta }));
      const rounds: Array<Promise<Array<number | Error>>> = [];
      for (let i = 0; i < 20; i += 1) rounds.push(one.appendUpdates(batch(['x', 'y', 'x'])), two.appendUpdates(batch(['y', 'x'])));
      const results = await Promise.all(rounds);
      // Results come back in the order given, and a map's two slots in one batch are in order.
      for (const [i, result] of results.entries()) {
        expect(result.every((seq) => typeof seq === 'number')).toBe(true);
        if (i % 2 === 0) expect(result[2]).toBe(Number(result[0]) + 1);
      }
      expect(Object.fromEntries(await two.lastSeqs(['x', 'y']))).toEqual({ x: 1 + 20 * 3, y: 1 + 20 * 2 });
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it('fails fast while PostgreSQL is down, logs the dropped connections, and recovers when it is back', async () => {
    await server.createDatabase('outage');
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const storage = await openPgStorage(server.url('outage'), { log });
    try {
      await storage.createMap(record('a'), firstState());
      await storage.ping();
      await server.stop();

      const started = Date.now();
      await expect(storage.ping()).rejects.toThrow();
      await expect(storage.appendUpdate('a', new Uint8Array([0, 0]))).rejects.toThrow();
      await expect(storage.loadMap('a')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(5_000);
      // The idle connections the shutdown cut were reported, not thrown at the process.
      expect(lines.some((line) => line.includes('idle PostgreSQL connection failed'))).toBe(true);

      await server.start();
      await storage.ping();
      expect(await storage.appendUpdate('a', new Uint8Array([0, 0]))).toBe(2);
      expect((await storage.loadMap('a'))?.lastSeq).toBe(2);
    } finally {
      await storage.close();
    }
  });
});
