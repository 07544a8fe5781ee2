import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pgKeepers } from '../../server/src/pg-keepers.js';
import { type PostgresServer, startPostgres } from './services.js';

// The keeper role (SPEC §8): one node per map, through PostgreSQL advisory locks.

let server: PostgresServer;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  server = await startPostgres();
  await server.createDatabase('keepers');
}, 60_000);
afterAll(async () => {
  await server?.destroy();
});

it('gives each map to one node; the others get it once that node lets go or is gone', async () => {
  const url = server.url('keepers');
  const first = pgKeepers(url, log);
  const second = pgKeepers(url, log);
  let lost = 0;
  first.onLost(() => {
    lost += 1;
  });
  try {
    // Asked together, answered together (one query).
    expect(await Promise.all(['a', 'b', 'c'].map((map) => first.acquire(map)))).toEqual([true, true, true]);
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((map) => second.acquire(map)))).toEqual([false, false, false, true]);
    // Asking again for a map it keeps does not take the lock twice: one release frees it.
    expect(await first.acquire('a')).toBe(true);
    await first.release('a');
    expect(await second.acquire('a')).toBe(true);
    // The first node goes (its connection with it): the second takes the rest.
    await first.close();
    expect(await Promise.all(['b', 'c'].map((map) => second.acquire(map)))).toEqual([true, true]);
    expect(lost).toBe(0);
  } finally {
    await Promise.all([first.close(), second.close()]);
  }
});

it('tells a node when it loses every map at once (its connection to the database broke)', async () => {
  const keepers = pgKeepers(server.url('keepers'), log);
  let lost = 0;
  keepers.onLost(() => {
    lost += 1;
  });
  try {
    expect(await keepers.acquire('m')).toBe(true);
    await server.stop();
    await server.start();
    await expect.poll(() => lost, { timeout: 5000 }).toBe(1);
    // Back: it can ask again, and gets the map (nobody else holds it).
    await expect.poll(() => keepers.acquire('m').catch(() => false), { timeout: 10_000 }).toBe(true);
  } finally {
    await keepers.close();
  }
});
