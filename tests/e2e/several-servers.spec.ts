import os from 'node:os';
import { expect, test } from '@playwright/test';
import { type ServerProcess, killHard, startServerProcess } from '../server/server-process.js';
import { type PostgresServer, type RedisServer, startPostgres, startRedis } from '../server/services.js';
import { LoopsPanel, MapPage, newPerson } from './map-page.js';

// SPEC §8 in the app: two people on two servers (nodes) sharing PostgreSQL and Redis, each in
// their own browser. The servers are the built ones (`npm test` builds them first).

let pg: PostgresServer;
let redis: RedisServer;
const nodes: ServerProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  await pg.createDatabase('several_servers');
  const env = (name: string) => ({ DATABASE_URL: pg.url('several_servers'), REDIS_URL: redis.url, NODE_ID: name, CREATES_PER_MINUTE: '0' });
  nodes.push(await startServerProcess(os.tmpdir(), env('a')), await startServerProcess(os.tmpdir(), env('b')));
});

test.afterAll(async () => {
  await Promise.all(nodes.map((node) => killHard(node)));
  await Promise.all([pg?.destroy(), redis?.destroy()]);
});

test('two people on two servers build a vicious loop together and both see the flag', async ({ browser }) => {
  const [a, b] = nodes as [ServerProcess, ServerProcess];
  const created = await fetch(`${a.url}/api/docs`, { method: 'POST', body: JSON.stringify({ title: 'Mrs A, two servers' }) });
  const { id, editToken } = (await created.json()) as { id: string; editToken: string };
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.open(ana.page, 'Ana (nurse)', `${a.url}/m/${id}#token=${editToken}`);
  const gp = await MapPage.open(ben.page, 'Ben (GP)', `${b.url}/m/${id}#token=${editToken}`);

  for (const text of ['Pain at night', 'Poor sleep', 'Low mood']) {
    await nurse.setValence(await nurse.addStatement(text), 'Bad for the person');
  }
  await expect(gp.statements).toHaveCount(3);
  await nurse.linkStatements(1, 2);
  await gp.linkStatements(2, 3);
  await expect(nurse.link(2, 3)).toHaveCount(1);
  await gp.linkStatements(3, 1);

  const expected = 'Vicious loop closed: 1 → 2 → 3 → 1 — closed by Ben (GP)';
  await expect(new LoopsPanel(ana.page).notices).toContainText(expected, { timeout: 15_000 });
  await expect(new LoopsPanel(ben.page).notices).toContainText(expected, { timeout: 15_000 });
  const numbered = { '1': 'Pain at night', '2': 'Poor sleep', '3': 'Low mood' };
  expect(await nurse.numberedTexts()).toEqual(numbered);
  expect(await gp.numberedTexts()).toEqual(numbered);

  // Each sees the other's cursor across the two servers.
  await nurse.hoverCanvas(600, 500);
  await expect(gp.page.locator('[data-testid="cursor"][data-name="Ana (nurse)"]')).toBeVisible();

  await ana.context.close();
  await ben.context.close();
});
