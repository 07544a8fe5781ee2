import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { MapPage } from './map-page.js';

const dementiaCase = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/dementia-case.json', import.meta.url)), 'utf8'),
) as { statements: { number: number; text: string; deletedAt: number | null }[] };
const liveStatements = dementiaCase.statements.filter((statement) => statement.deletedAt === null);

test('an empty map offers the example, which opens as a new map and leaves this one empty', async ({ page }) => {
  const map = await MapPage.create(page, 'Ana', 'Our first map');
  const emptyMap = page.url();
  const openExample = page.getByRole('button', { name: 'Open the example (dementia case)' });
  await expect(openExample).toBeVisible();

  await openExample.click();
  await page.waitForURL((url) => url.href !== emptyMap && /\/m\/[^/#]+#token=/.test(url.href));
  // The name is remembered in this browser, so the example opens without asking again.
  await expect(map.status).toHaveText('Connected');
  await expect(map.statements).toHaveCount(liveStatements.length);
  const first = liveStatements.find((statement) => statement.number === 1);
  await expect(map.statement(1).getByTestId('statement-text')).toHaveText(first?.text ?? '');
  await expect(page).toHaveTitle(/Example: dementia case/);

  await page.goto(emptyMap);
  await expect(map.status).toHaveText('Connected');
  await expect(openExample).toBeVisible();
  await expect(map.statements).toHaveCount(0);
});

test('? opens the help: the arrows, vicious loops and the keys; Escape closes it', async ({ page }) => {
  await MapPage.create(page, 'Ana', 'Help wanted');
  // Off centre: on an empty map the middle of the canvas holds the note with the example button.
  await page.locator('.react-flow__pane').click({ position: { x: 40, y: 300 } });
  await page.keyboard.press('?');

  const help = page.getByRole('dialog', { name: 'Help' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('may not lead to');
  await expect(help).toContainText('vicious');
  const shortcut = (key: string) =>
    help.getByRole('row').filter({ has: page.getByRole('rowheader', { name: key, exact: true }) });
  await expect(shortcut('N')).toContainText('Add a statement');
  await expect(shortcut('O')).toContainText('loops panel');

  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
