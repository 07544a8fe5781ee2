import { readFileSync } from 'node:fs';
import { type Page, expect, test } from '@playwright/test';
import { importMap } from './map-geometry.js';
import { LoopsPanel, MapPage, newPerson } from './map-page.js';

// The Export menu: every format downloads as a file named after the map and the day, the
// picture goes to the clipboard, and printing the page gives the map alone.

const dementia: unknown = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));

async function exportItem(page: Page, item: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByRole('button', { name: 'Export' }).click();
  const downloaded = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: item, exact: true }).click();
  const download = await downloaded;
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

test('every export in the menu downloads a file of its type, named after the map and the day', async ({ browser }) => {
  const { page, context } = await newPerson(browser);
  await MapPage.open(page, 'Ana', await importMap(page, dementia));
  const day = new Date().toISOString().slice(0, 10);
  const expected: [string, string, (bytes: Buffer) => boolean][] = [
    ['PDF report (A4)', 'pdf', (b) => b.subarray(0, 5).toString() === '%PDF-'],
    ['PNG image', 'png', (b) => b.subarray(1, 4).toString() === 'PNG'],
    ['SVG image', 'svg', (b) => b.toString().startsWith('<svg') && b.toString().includes('Mrs A')],
    ['Statements table (CSV)', 'csv', (b) => b.toString('utf8').includes('number,text,valence,on_loop,created_at,created_by')],
    ['Links table (CSV)', 'csv', (b) => b.toString('utf8').includes('11,5,-,may not lead to')],
    ['Loops table (CSV)', 'csv', (b) => b.toString('utf8').includes('label,polarity,character,chain')],
    ['Graphviz (DOT)', 'dot', (b) => b.toString().startsWith('digraph')],
    ['GraphML (yEd, Gephi)', 'graphml', (b) => b.toString().includes('<graphml')],
    ['Map file (JSON)', 'json', (b) => (JSON.parse(b.toString()) as { format: string }).format === 'causal-map'],
  ];
  for (const [item, extension, looksRight] of expected) {
    const { name, bytes } = await exportItem(page, item);
    expect(name, item).toMatch(new RegExp(`^Dementia case \\(illustrative\\)( \\w+)?-${day}\\.${extension}$`));
    expect(bytes.length, item).toBeGreaterThan(50);
    expect(looksRight(bytes), item).toBe(true);
  }
  await context.close();
});

test('the selected loop exports alone, Copy image puts a PNG on the clipboard, and the menu works by keyboard', async ({ browser }) => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  await MapPage.open(page, 'Ana', await importMap(page, dementia));
  const loops = new LoopsPanel(page);
  await loops.open();
  await loops.loop('B1').click();
  const { name, bytes } = await exportItem(page, 'Loop B1: SVG image');
  expect(name).toContain('B1');
  expect(bytes.toString().match(/class="statement"/g)).toHaveLength(3);

  // By keyboard: Enter opens the menu on its first item, arrows move, Enter chooses.
  const button = page.getByRole('button', { name: 'Export' });
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(button).toBeFocused();

  await button.click();
  await page.getByRole('menuitem', { name: 'Copy image', exact: true }).click();
  await expect(page.getByText('Image copied: paste it into your report.')).toBeVisible();
  const types = await page.evaluate(async () => (await navigator.clipboard.read()).flatMap((item) => [...item.types]));
  expect(types).toContain('image/png');
  await context.close();
});

test('printing the map page gives the whole map alone: no toolbar, panels or cursors', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const url = await importMap(ana.page, dementia);
  const nurse = await MapPage.open(ana.page, 'Ana', url);
  const gp = await MapPage.open(ben.page, 'Ben', url);
  await new LoopsPanel(ana.page).open();
  await gp.hoverCanvas(200, 200);
  await expect(ana.page.getByTestId('cursor')).toHaveCount(1);
  // Zoomed in on one corner, as someone working would be.
  await ana.page.getByRole('button', { name: 'Zoom In' }).click();
  await ana.page.getByRole('button', { name: 'Zoom In' }).click();

  await ana.page.emulateMedia({ media: 'print' });
  for (const hidden of [
    ana.page.getByRole('toolbar', { name: 'Map tools' }),
    nurse.page.getByTestId('loops-panel'),
    ana.page.getByTestId('cursor'),
    ana.page.getByRole('button', { name: 'Share' }),
    ana.page.getByRole('search'),
  ]) {
    await expect(hidden).toBeHidden();
  }
  await expect(ana.page.getByRole('heading', { level: 1 })).toHaveText('Dementia case (illustrative)');
  await expect
    .poll(() =>
      ana.page.evaluate(() => {
        const canvas = document.querySelector('.map-canvas')?.getBoundingClientRect();
        if (!canvas) return false;
        return Array.from(document.querySelectorAll('[data-testid="statement"]')).every((node) => {
          const box = node.getBoundingClientRect();
          return box.left >= canvas.left && box.right <= canvas.right && box.top >= canvas.top && box.bottom <= canvas.bottom;
        });
      }),
    )
    .toBe(true);
  // Numbers stay legible without background colours: dark on white.
  await expect(nurse.statement(1).getByTestId('statement-number')).toHaveCSS('color', 'rgb(0, 0, 0)');
  await ana.context.close();
  await ben.context.close();
});

test('the map as it was at a chosen moment exports without what came later', async ({ browser }) => {
  const { page, context } = await newPerson(browser);
  const nurse = await MapPage.open(page, 'Ana', await importMap(page, dementia));
  // A moment after the import, then a statement added after it.
  const at = await page.evaluate(() => Date.now() + 1000);
  await page.waitForFunction((moment) => Date.now() > moment + 1000, at);
  const moment = await page.evaluate((ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19), at);
  await nurse.addStatement('Added after the meeting');
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('menuitem', { name: 'As it was at a moment…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export the map as it was' });
  await dialog.getByLabel('As it was on').fill(moment);
  await dialog.getByLabel('As', { exact: true }).selectOption('json');
  const downloaded = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const then = JSON.parse(readFileSync(await (await downloaded).path(), 'utf8')) as { statements: { text: string }[] };
  expect(then.statements).toHaveLength(12);
  expect(then.statements.map((s) => s.text)).not.toContain('Added after the meeting');
  await expect(dialog).toBeHidden();

  // Before the map existed: said in words, nothing downloaded.
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('menuitem', { name: 'As it was at a moment…' }).click();
  await dialog.getByLabel('As it was on').fill('2020-01-01T09:00:00');
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('The map did not exist yet at that moment.');
  await context.close();
});
