// Tidy up as a person meets it: in Chromium, on the built app, from the click on "Tidy up" to
// the statements in their new places (ELK in its Web Worker, the layout written to the map, the
// links routed and drawn). The first click also loads ELK (about 450 KB gz) and starts its worker.
// Run after `npm run build`: `npx tsx bench/layout-browser.ts` (uses Debian's Chromium).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startServer } from '../server/src/app.js';
import { forwardMap, seededRandom } from './generate.js';

function exportDocument(statements: number, links: number) {
  const analysis = forwardMap(12, statements, links, Math.round(links / 20), 10);
  const random = seededRandom(1012);
  const side = Math.sqrt(statements) * 300;
  const live = analysis.statements.filter((s) => !s.deleted);
  return {
    format: 'causal-map',
    version: 1,
    title: `${statements} statements`,
    statements: live.map((s, i) => ({
      id: s.id,
      number: i + 1,
      text: `Statement ${i + 1}`,
      valence: s.valence,
      x: Math.round(random() * side),
      y: Math.round(random() * side),
      createdAt: 1_700_000_000_000 + i,
      createdBy: 'Bench',
    })),
    links: analysis.links
      .filter((l) => !l.deleted)
      .map((l, i) => ({ id: l.id, from: l.from, to: l.to, polarity: l.polarity, createdAt: 1_700_000_100_000 + i, createdBy: 'Bench' })),
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'causal-map-bench-'));
const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', logLevel: 'silent', createsPerMinute: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
const rows: string[] = [];
try {
  for (const [statements, links] of [
    [100, 200],
    [300, 600],
  ] as const) {
    const response = await fetch(`${server.url}/api/docs`, { method: 'POST', body: JSON.stringify(exportDocument(statements, links)) });
    const { id, editToken } = (await response.json()) as { id: string; editToken: string };
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => localStorage.setItem('causal-map:name', 'Bench'));
    const page = await context.newPage();
    await page.goto(`${server.url}/m/${id}#token=${editToken}`);
    await page.getByTestId('statement').first().waitFor();
    const times: number[] = [];
    for (let run = 0; run < 4; run++) {
      const before = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => n.style.transform).join());
      const started = Date.now();
      await page.getByRole('button', { name: run % 2 === 0 ? 'Tidy up' : 'Undo' }).click();
      await page.waitForFunction(
        (old) => [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((n) => n.style.transform).join() !== old,
        before,
        { timeout: 60_000, polling: 'raf' },
      );
      if (run % 2 === 0) times.push(Date.now() - started);
    }
    rows.push(`| ${statements} / ${links} | ${times[0]} | ${times[1]} |`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
console.log('Command: `npx tsx bench/layout-browser.ts` (after `npm run build`), Chromium', new Date().toISOString().slice(0, 10));
console.log('\n| map (statements / links) | first Tidy up, ms (loads ELK) | second Tidy up, ms |\n| --- | --- | --- |');
console.log(rows.join('\n'));
