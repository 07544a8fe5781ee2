import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { MapPage, newPerson } from './map-page.js';

// CSV tables in: the statements and links tables of the CSV export, as people keep them in a
// spreadsheet, made into a new map on the home page or added to an open map.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url));
const csvFile = (name: string, text: string | Buffer) => ({
  name,
  mimeType: 'text/csv',
  buffer: typeof text === 'string' ? Buffer.from(text) : text,
});

test('importing a statements table and a links table on the home page opens a map with their numbers, texts and links', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('.drop-zone')).toContainText('Drop a map file (.json) or CSV tables (.csv) here');
  // The links table first: which is which comes from the headers, not the order.
  await page
    .getByLabel('Import a map file (.json) or CSV tables (.csv)')
    .setInputFiles([csvFile('links.csv', fixture('links.csv')), csvFile('Mrs A statements.csv', fixture('statements.csv'))]);
  await page.waitForURL(/\/m\/[^/#]+#token=/);
  const map = new MapPage(page, 'Ana');
  await map.join();

  await expect(map.statements).toHaveCount(4);
  expect(await map.numberedTexts()).toEqual({
    '1': "Mrs A's memory is getting worse",
    '2': 'Mrs A forgets to eat, some days',
    '3': 'Her daughter says "she is fine"',
    '4': 'Meals on wheels twice a week',
  });
  await expect(map.statement(1)).toHaveAttribute('data-valence', 'negative');
  await expect(map.statement(4)).toHaveAttribute('data-valence', 'positive');
  await expect(map.links).toHaveCount(3);
  await expect(map.link(1, 2)).toHaveAttribute('data-polarity', '+');
  await expect(map.link(2, 1)).toHaveAttribute('data-polarity', '+');
  await expect(map.link(4, 2)).toHaveAttribute('data-polarity', '-');

  // The title is the statements file's name.
  await page.goto('/');
  await expect(page.getByRole('link', { name: /Mrs A statements/ })).toBeVisible();
});

test('a CSV table with a bad valence lists the row and column in the drop zone, and makes no map', async ({ page }) => {
  await page.goto('/');
  const picker = page.getByLabel('Import a map file (.json) or CSV tables (.csv)');
  await picker.setInputFiles(csvFile('statements.csv', 'text;valence\r\nPain at night;bad\r\nFalls;terrible\r\n'));

  const alert = page.locator('.drop-zone').getByRole('alert');
  await expect(alert).toContainText('This table cannot be imported as a map:');
  await expect(alert.getByRole('listitem')).toHaveText([
    'Row 3, column "valence": must be bad, neutral or good (or negative/positive), not "terrible"',
  ]);
  await expect(picker).toHaveAttribute('aria-describedby', (await alert.getAttribute('id')) ?? 'the alert has no id');
  await expect(page).toHaveURL(/\/$/);

  // A links table alone is not a map: the page says to choose it with its statements.
  await picker.setInputFiles(csvFile('links.csv', fixture('links.csv')));
  await expect(alert).toContainText('This is a links table');
  await expect(page).toHaveURL(/\/$/);
});

test('CSV tables imported into an open map come after its statements, reach the others, and one Undo takes them back', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Mrs A');
  expect(await nurse.addStatement('Pain at night')).toBe(1);
  expect(await nurse.addStatement('Poor sleep')).toBe(2);
  const { edit } = await nurse.shareLinks();
  const gp = await MapPage.open(ben.page, 'Ben', edit);
  await expect(gp.statements).toHaveCount(2);

  await ana.page.getByRole('button', { name: 'Export' }).click();
  await ana.page.getByRole('menuitem', { name: 'Import CSV into this map…' }).click();
  const dialog = ana.page.getByRole('dialog', { name: 'Import CSV into this map' });
  await dialog
    .getByLabel('Statements table (.csv)')
    .setInputFiles(csvFile('more.csv', 'number,text,valence\r\n1,Low mood,bad\r\n2,"Walks with her neighbour, daily",good\r\n'));
  await dialog.getByLabel('Links table (.csv), optional').setInputFiles(csvFile('more-links.csv', 'from,to,reads\r\n2,1,may not lead to\r\n'));
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(ana.page.getByText('Added 2 statements and 1 link after number 2')).toBeVisible();

  const expected = {
    '1': 'Pain at night',
    '2': 'Poor sleep',
    '3': 'Low mood',
    '4': 'Walks with her neighbour, daily',
  };
  for (const person of [nurse, gp]) {
    await expect(person.statements).toHaveCount(4);
    expect(await person.numberedTexts()).toEqual(expected);
    await expect(person.statement(3)).toHaveAttribute('data-valence', 'negative');
    await expect(person.link(4, 3)).toHaveAttribute('data-polarity', '-');
  }

  await ana.page.getByRole('button', { name: 'Undo' }).click();
  for (const person of [nurse, gp]) {
    await expect(person.statements).toHaveCount(2);
    await expect(person.links).toHaveCount(0);
  }

  await ana.context.close();
  await ben.context.close();
});
