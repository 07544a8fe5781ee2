import { expect, test } from '@playwright/test';
import { MapPage, newPerson } from './map-page.js';

// Two people build the loop "pain at night → poor sleep → low mood → pain at night" together.

test('two people build a loop together and see the same numbers, cursors and map after a reload', async ({
  browser,
}) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana (nurse)', 'Mrs A');
  const { edit } = await nurse.shareLinks();
  const gp = await MapPage.open(ben.page, 'Ben (GP)', edit);

  expect(await nurse.addStatement('Pain at night')).toBe(1);
  expect(await gp.addStatement('Poor sleep')).toBe(2);
  expect(await nurse.addStatement('Low mood')).toBe(3);
  await expect(gp.statements).toHaveCount(3);

  await nurse.linkStatements(1, 2);
  await gp.linkStatements(2, 3);
  await nurse.linkStatements(3, 1);
  for (const person of [nurse, gp]) {
    await expect(person.links).toHaveCount(3);
    await expect(person.link(3, 1)).toHaveAttribute('data-polarity', '+');
  }
  const expected = { '1': 'Pain at night', '2': 'Poor sleep', '3': 'Low mood' };
  expect(await nurse.numberedTexts()).toEqual(expected);
  expect(await gp.numberedTexts()).toEqual(expected);

  // Each sees the other's cursor, named.
  await nurse.hoverCanvas(600, 500);
  await expect(gp.page.locator('[data-testid="cursor"][data-name="Ana (nurse)"]')).toBeVisible();
  await gp.hoverCanvas(300, 400);
  await expect(nurse.page.locator('[data-testid="cursor"][data-name="Ben (GP)"]')).toBeVisible();
  await expect(nurse.page.getByTestId('presence-person').filter({ hasText: 'Ben (GP)' })).toBeVisible();

  // A reload restores everything, for the person who reloads.
  await gp.page.reload();
  await expect(gp.status).toHaveText('Connected');
  await expect(gp.statements).toHaveCount(3);
  await expect(gp.links).toHaveCount(3);
  expect(await gp.numberedTexts()).toEqual(expected);

  // Someone opening the link fresh, with nothing cached in their browser, gets it from the server.
  const chloe = await newPerson(browser);
  const socialWorker = await MapPage.open(chloe.page, 'Chloe (social worker)', edit);
  await expect(socialWorker.statements).toHaveCount(3);
  await expect(socialWorker.links).toHaveCount(3);
  expect(await socialWorker.numberedTexts()).toEqual(expected);

  await ana.context.close();
  await ben.context.close();
  await chloe.context.close();
});

test('two people adding at the same moment get two different numbers', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Same moment');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);

  const numbers = await Promise.all([nurse.addStatement('From Ana'), gp.addStatement('From Ben')]);
  expect(numbers.sort()).toEqual([1, 2]);
  await expect(nurse.statements).toHaveCount(2);
  await expect(gp.statements).toHaveCount(2);
  expect(await gp.numberedTexts()).toEqual(await nurse.numberedTexts());

  await ana.context.close();
  await ben.context.close();
});

test('a view-only link shows the map live but offers no way to change it', async ({ browser }) => {
  const ana = await newPerson(browser);
  const guest = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Read only');
  await nurse.addStatement('Pain at night');
  const { view } = await nurse.shareLinks();
  const viewer = await MapPage.open(guest.page, 'Family member', view);

  await expect(viewer.page.getByTestId('read-only-banner')).toBeVisible();
  await expect(viewer.statements).toHaveCount(1);
  for (const control of ['Add statement', 'Link to…', 'Delete', 'Undo']) {
    await expect(viewer.page.getByRole('button', { name: control })).toHaveCount(0);
  }
  // Shortcuts and double-clicks do nothing either.
  await viewer.hoverCanvas(500, 400);
  await viewer.page.keyboard.press('n');
  await viewer.page.locator('.react-flow__pane').dblclick({ position: { x: 500, y: 400 } });
  await viewer.statement(1).dblclick();
  await expect(viewer.page.getByLabel('Statement text')).toHaveCount(0);

  // It still follows the team live.
  await nurse.addStatement('Poor sleep');
  await expect(viewer.statements).toHaveCount(2);
  await expect(nurse.statements).toHaveCount(2);

  await ana.context.close();
  await guest.context.close();
});

test('every control on the map page has a name a screen reader can say', async ({ browser }) => {
  const ana = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Labels');
  await nurse.addStatement('Pain at night');
  await nurse.select(1);
  const { checked, unnamed } = await ana.page.evaluate(() => {
    const visible = Array.from(document.querySelectorAll('button, input, select, textarea, [role="button"]')).filter(
      (element) => (element as HTMLElement).offsetParent !== null,
    );
    const unnamed = visible
      .filter((element) => {
        const el = element as HTMLElement;
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title');
        const byLabel = el.id && document.querySelector(`label[for="${el.id}"]`);
        const wrapped = el.closest('label');
        return !labelled && !byLabel && !wrapped && !(el.textContent ?? '').trim();
      })
      .map((element) => element.outerHTML.slice(0, 120));
    return { checked: visible.length, unnamed };
  });
  expect(checked).toBeGreaterThan(10);
  expect(unnamed).toEqual([]);
  await ana.context.close();
});
