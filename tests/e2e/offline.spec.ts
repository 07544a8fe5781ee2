import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { MapPage, newPerson } from './map-page.js';

// Losing the server: a reload with no network at all, and a server that restarts.

test('a map reloads with no network, offline edits included, and they reach the team later', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Offline reload');
  await nurse.addStatement('Pain at night');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await expect(gp.statements).toHaveCount(1);
  await gp.waitForOfflineShell();

  await ben.context.setOffline(true);
  await expect(gp.status).toHaveText('Offline — edits kept');
  // Offline for the service worker too, so what follows comes from its cache.
  const [worker] = ben.context.serviceWorkers();
  expect(await worker?.evaluate(() => fetch('/healthz').then(() => 'online', () => 'offline'))).toBe('offline');
  await gp.addStatement('Poor sleep');
  // Meanwhile Ana adds one too: both get number 2 for now.
  await nurse.addStatement('Low mood');

  // The page, its scripts and the map all come from this device.
  const reloaded = await ben.page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(gp.status).toHaveText('Offline — edits kept');
  await expect(gp.statementWithText('Pain at night')).toHaveCount(1);
  await expect(gp.statementWithText('Poor sleep')).toHaveCount(1);
  await expect(gp.statements).toHaveCount(2);
  await expect(ben.page.getByRole('heading', { name: 'Offline reload' })).toBeVisible();

  await ben.context.setOffline(false);
  await expect(gp.status).toHaveText('Connected', { timeout: 20_000 });
  await expect(nurse.statementWithText('Poor sleep')).toHaveCount(1);
  await expect(nurse.statements).toHaveCount(3);
  await expect(gp.statements).toHaveCount(3);
  expect(await gp.numberedTexts()).toEqual(await nurse.numberedTexts());

  await ana.context.close();
  await ben.context.close();
});

test('a first visit to the home page already keeps the map page and loop finder for offline use', async ({ browser }) => {
  const ana = await newPerson(browser);
  await ana.page.goto('/');
  await ana.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // Neither was loaded by the home page: the worker finds them named in the scripts it keeps.
  const kept = () =>
    ana.page.evaluate(async () => {
      const requests = await Promise.all((await caches.keys()).map(async (name) => (await caches.open(name)).keys()));
      return requests.flat().map((request) => new URL(request.url).pathname);
    });
  const has = (paths: string[], prefix: string) => paths.some((path) => path.startsWith(prefix) && path.endsWith('.js'));
  await expect
    .poll(async () => {
      const paths = await kept();
      return paths.includes('/index.html') && has(paths, '/assets/MapPage-') && has(paths, '/assets/loop-worker-');
    }, { timeout: 15_000 })
    .toBe(true);
  await ana.context.close();
});

// A server of its own, so that this test can stop and start it.
const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.E2E_PORT ?? 4178) + 11;
const base = `http://127.0.0.1:${port}`;

async function startServer(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(root, 'server/dist/main.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  await expect
    .poll(() => fetch(`${base}/healthz`).then((response) => response.status, () => 0), { timeout: 15_000 })
    .toBe(200);
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}

test('a server restart shows "Reconnecting…", then the map carries on', async ({ browser }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'causal-map-restart-'));
  let server = await startServer(dataDir);
  try {
    const created = await fetch(`${base}/api/docs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Restart' }),
    });
    const { id, editToken, viewToken } = (await created.json()) as { id: string; editToken: string; viewToken: string };
    const ana = await newPerson(browser);
    const nurse = await MapPage.open(ana.page, 'Ana', `${base}/m/${id}#token=${editToken}&view=${viewToken}`);
    await nurse.addStatement('Pain at night');

    await stopServer(server);
    await expect(nurse.status).toHaveText('Reconnecting…');
    // The server said it is restarting: a few seconds later it is still "Reconnecting…", not "Offline".
    await ana.page.waitForTimeout(4000);
    await expect(nurse.status).toHaveText('Reconnecting…');
    await nurse.addStatement('Poor sleep');

    server = await startServer(dataDir);
    await expect(nurse.status).toHaveText('Connected', { timeout: 20_000 });
    await expect(nurse.statements).toHaveCount(2);
    await expect(nurse.invalidLink).toHaveCount(0);

    // What was added during the restart reached the server: a fresh browser gets it.
    const ben = await newPerson(browser);
    const gp = await MapPage.open(ben.page, 'Ben', `${base}/m/${id}#token=${editToken}&view=${viewToken}`);
    expect(await gp.numberedTexts()).toEqual({ '1': 'Pain at night', '2': 'Poor sleep' });
    await ana.context.close();
    await ben.context.close();
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
