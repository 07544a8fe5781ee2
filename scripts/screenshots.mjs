#!/usr/bin/env node
// Takes the README's screenshots: the dementia case with two people on it, at desktop and tablet
// width; three people in a case conference with the discussion open; a replay. Run after `npm run build`: `node scripts/screenshots.mjs` (uses Debian's Chromium).
/* global document -- used inside functions that run in the page */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startServer } from '../server/dist/app.js';

const dataDir = mkdtempSync(join(tmpdir(), 'causal-map-shots-'));
const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', logLevel: 'warn' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

try {
  const fixture = readFileSync(new URL('../tests/fixtures/dementia-case.json', import.meta.url), 'utf8');
  const response = await fetch(`${server.url}/api/docs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: fixture });
  const { id, editToken, viewToken } = await response.json();
  const link = `${server.url}/m/${id}#token=${editToken}&view=${viewToken}`;

  async function person(name, viewport) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await context.addInitScript((n) => localStorage.setItem('causal-map:name', n), name);
    const page = await context.newPage();
    await page.goto(link);
    await page.getByTestId('connection-status').getByText('Connected').waitFor();
    await page.getByTestId('statement').first().waitFor();
    return page;
  }

  const ana = await person('Ana (nurse)', { width: 1280, height: 800 });
  // The facilitator tidies the imported map first: everyone sees the tidied map.
  const places = () => ana.locator('.react-flow__node').evaluateAll((nodes) => nodes.map((node) => node.style.transform).join());
  const imported = await places();
  await ana.getByRole('button', { name: 'Tidy up' }).click();
  await ana.waitForFunction((before) => {
    const now = [...document.querySelectorAll('.react-flow__node')].map((node) => node.style.transform).join();
    return now !== before && !document.querySelector('.map-canvas[data-animating]');
  }, imported);
  await ana.getByRole('button', { name: 'Fit View' }).click();
  const ben = await person('Ben (GP)', { width: 1280, height: 800 });
  // Ben points at statement 5 and selects statement 7; Ana sees both.
  await ben.locator('[data-testid="statement"][data-number="7"] [data-testid="statement-number"]').click();
  const five = await ben.locator('[data-testid="statement"][data-number="5"]').boundingBox();
  if (five) await ben.mouse.move(five.x + five.width * 0.7, five.y + five.height + 12, { steps: 4 });
  const loops = ana.getByRole('button', { name: 'Loops' });
  if (await loops.count()) {
    await loops.click();
    await ana.getByTestId('loop').first().click();
  }
  await ana.locator('[data-testid="cursor"][data-name="Ben (GP)"]').waitFor();
  // Picking the loop glides the view to it (300 ms).
  await ana.waitForTimeout(600);
  await ana.screenshot({ path: 'docs/screenshots/two-people.png' });

  const tablet = await person('Chloe (social worker)', { width: 768, height: 1024 });
  await tablet.locator('[data-testid="cursor"]').first().waitFor();
  await tablet.screenshot({ path: 'docs/screenshots/tablet.png' });

  // A case conference: Ben asks about statement 4, Ana answers, Chloe disagrees with 4 → 5.
  await ana.keyboard.press('Escape');
  await ben.keyboard.press('Escape');
  await ben.locator('[data-testid="statement"][data-number="4"] [data-testid="statement-number"]').click();
  await ben.keyboard.press('c');
  await ben.getByLabel('Start a thread here').fill('Did this start with the diagnosis in March, @Ana (nurse)?');
  await ben.getByRole('button', { name: 'Comment', exact: true }).click();
  await tablet.getByRole('button', { name: '4 may lead to 5', exact: true }).focus();
  await tablet.keyboard.press('c');
  await tablet.getByRole('button', { name: /Disagree/ }).click();
  await ana.locator('[data-testid="statement"][data-number="4"] [data-testid="statement-number"]').click();
  await ana.keyboard.press('c');
  await ana.getByTestId('thread').getByRole('button', { name: 'Reply' }).click();
  await ana.keyboard.type('Yes, and she stopped going to the day centre soon after.');
  await ana.keyboard.press('Control+Enter');
  await ana.locator('[data-testid="link-talk"]').first().waitFor();
  await ana.waitForTimeout(600);
  await ana.screenshot({ path: 'docs/screenshots/case-conference.png' });
  await ana.keyboard.press('Escape');

  // A researcher's replay of the same map, stopped on one event, its statement selected.
  await ana.keyboard.press('Escape');
  await ana.getByRole('button', { name: 'Replay', exact: true }).click();
  const slider = ana.getByRole('slider', { name: 'Event' });
  await slider.waitFor();
  await slider.focus();
  await ana.keyboard.press('Home');
  for (let i = 0; i < 9; i += 1) await ana.keyboard.press('ArrowRight');
  await ana.getByTestId('replay-event').getByText('10 of').waitFor();
  await ana.screenshot({ path: 'docs/screenshots/replay.png' });
  console.log('saved docs/screenshots/two-people.png, tablet.png, case-conference.png and replay.png');
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
