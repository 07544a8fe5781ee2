import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { type Page, expect, test } from '@playwright/test';
import { importMap } from './map-geometry.js';
import { LoopsPanel, MapPage, newPerson } from './map-page.js';

// axe-core on every screen and dialog: no serious or critical violation anywhere.

const dementia: unknown = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));

async function expectAccessible(page: Page, where: string, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const serious = violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(serious, `${where}`).toEqual([]);
}

test('the home page has no serious accessibility problems', async ({ browser }) => {
  const { page, context } = await newPerson(browser);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Create map' })).toBeVisible();
  await expectAccessible(page, 'home page');
  await context.close();
});

test('the map page, its Loops panel and every dialog have no serious accessibility problems', async ({ browser }) => {
  const { page, context } = await newPerson(browser);
  const nurse = await MapPage.open(page, 'Ana', await importMap(page, dementia));
  const loops = new LoopsPanel(page);
  await loops.open();
  await loops.loops.first().click();
  await expectAccessible(page, 'map page with the Loops panel open');
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByRole('menu', { name: 'Export' })).toBeVisible();
  await expectAccessible(page, 'the Export menu', '#export-menu');
  await page.keyboard.press('Escape');

  const dialogs: [string, () => Promise<void>][] = [
    ['link dialog', async () => {
      await nurse.goTo(10);
      await page.getByRole('button', { name: 'Link to…' }).click();
      await page.getByRole('combobox', { name: 'Leads to statement' }).fill('memory');
    }],
    ['share dialog', () => page.getByRole('button', { name: 'Share' }).click()],
    ['name dialog', () => page.getByRole('button', { name: 'Change name' }).click()],
    ['help sheet', () => page.getByRole('button', { name: 'Help' }).click()],
    ['delete dialog', async () => {
      await nurse.goTo(4);
      await page.keyboard.press('Delete');
    }],
    ['details dialog', async () => {
      await nurse.goTo(4);
      await page.keyboard.press('i');
      await expect(page.getByRole('dialog').getByTestId('details-changes').or(page.getByRole('dialog').getByText('Not changed since.'))).toBeVisible();
    }],
    ['export at a moment', async () => {
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByRole('menuitem', { name: 'As it was at a moment…' }).click();
    }],
    ['CSV import into the map', async () => {
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByRole('menuitem', { name: 'Import CSV into this map…' }).click();
    }],
  ];
  for (const [name, open] of dialogs) {
    await open();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expectAccessible(page, name, 'dialog');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  }
  await expect(nurse.statements).toHaveCount(12);

  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(page.getByTestId('replay-bar')).toBeVisible();
  await expectAccessible(page, 'the replay');
  await page.getByRole('button', { name: 'Back to the live map' }).click();
  await context.close();
});

test('a view-only map has no serious accessibility problems', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.open(ana.page, 'Ana', await importMap(ana.page, dementia));
  await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).view);
  await expectAccessible(ben.page, 'view-only map page');
  await ana.context.close();
  await ben.context.close();
});
