import { readFileSync } from 'node:fs';
import { type Page, expect, test } from '@playwright/test';
import { importMap } from './map-geometry.js';
import { MapPage, newPerson } from './map-page.js';

const dementia: unknown = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));

const viewOf = (page: Page) => page.locator('.react-flow__viewport').getAttribute('style');

/** The view once it stands still (moves to a statement glide). */
async function settledView(page: Page): Promise<string | null> {
  let last = await viewOf(page);
  await expect
    .poll(async () => {
      const now = await viewOf(page);
      const still = now === last;
      last = now;
      return still;
    }, { intervals: [250] })
    .toBe(true);
  return last;
}

async function facilitate(page: Page, item: string | RegExp) {
  await page.getByRole('button', { name: 'Facilitate' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('a facilitator is followed, brings everyone to her view, spotlights a statement and runs a gathering round', async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const cat = await newPerson(browser);
  const link = await importMap(ana.page, dementia);
  const view = link.replace(/#token=[^&]+&view=(.+)$/, '#token=$1');
  const nurse = await MapPage.open(ana.page, 'Ana', link);
  const gp = await MapPage.open(ben.page, 'Ben', link);
  const carer = await MapPage.open(cat.page, 'Cat', view);

  // Ben follows Ana's view: where she goes, his map goes; she sees that he follows her.
  await ben.page.getByRole('button', { name: 'Ana', exact: true }).click();
  await ben.page.getByRole('menuitem', { name: "Follow Ana's view" }).click();
  await expect(ana.page.getByTestId('followed-by')).toHaveText('Ben follows your view');
  await nurse.goTo(12);
  await expect.poll(() => viewOf(ben.page)).toBe(await settledView(ana.page));
  // Esc: he stops following, and she sees it.
  await ben.page.keyboard.press('Escape');
  await expect(ana.page.getByTestId('followed-by')).toHaveCount(0);

  // Bring everyone here: Ben's and Cat's views jump to Ana's; Cat goes back to where she was.
  const catBefore = await settledView(cat.page);
  await nurse.goTo(3);
  const anaView = await settledView(ana.page);
  expect(anaView).not.toBe(catBefore);
  await facilitate(ana.page, 'Bring everyone here');
  await expect.poll(() => viewOf(ben.page)).toBe(anaView);
  await expect.poll(() => viewOf(cat.page)).toBe(anaView);
  await expect(cat.page.getByRole('status').filter({ hasText: 'Ana brought everyone to their view' })).toBeVisible();
  await cat.page.getByRole('button', { name: 'Stay where I was' }).click();
  await expect.poll(() => viewOf(cat.page)).toBe(catBefore);
  // A viewer has no facilitation tools.
  await expect(cat.page.getByRole('button', { name: 'Facilitate' })).toHaveCount(0);

  // Spotlight on statement 4: the rest dims for everyone, after a reload too, until Ana ends it.
  await nurse.select(4);
  await facilitate(ana.page, 'Spotlight the selection');
  await expect(ben.page.getByTestId('spotlight')).toContainText('In the spotlight: Statement 4: Mrs A feels she is losing');
  await expect(ben.page.getByTestId('spotlight')).toContainText('by Ana');
  await expect(gp.statement(1)).toHaveAttribute('data-faded', 'true');
  await expect(gp.statement(4)).not.toHaveAttribute('data-faded', 'true');
  await cat.page.reload();
  await expect(carer.status).toHaveText('Connected');
  await expect(cat.page.getByTestId('spotlight')).toContainText('Statement 4');
  await expect(carer.statement(1)).toHaveAttribute('data-faded', 'true');
  await ana.page.getByTestId('spotlight').getByRole('button', { name: 'End spotlight' }).click();
  await expect(ben.page.getByTestId('spotlight')).toHaveCount(0);
  await expect(gp.statement(1)).not.toHaveAttribute('data-faded', 'true');

  // A gathering round: a countdown for everyone, and no names on who selects what.
  await facilitate(ana.page, /^Gathering round/);
  await expect(cat.page.getByTestId('gathering').getByRole('timer')).toHaveText(/^(5:00|4:5\d)$/);
  await gp.select(2);
  const benTag = nurse.statement(2).getByTestId('peer-tag');
  await expect(benTag).toHaveText('•');
  await expect(benTag).toHaveAttribute('title', 'Someone has this selected');
  const added = await gp.addStatement('An idea from the round');
  await ana.page.getByTestId('gathering').getByRole('button', { name: 'End round' }).click();
  await expect(cat.page.getByTestId('gathering')).toHaveCount(0);
  await gp.select(2);
  await expect(benTag).toHaveAttribute('title', 'Ben has this selected');

  // Ana selects everything Ben added, from his name in the presence bar.
  await ana.page.getByRole('button', { name: 'Ben', exact: true }).click();
  await ana.page.getByRole('menuitem', { name: 'Select what Ben added' }).click();
  await expect(nurse.statement(added)).toHaveClass(/is-selected/);
  await expect(nurse.statement(1)).not.toHaveClass(/is-selected/);
  for (const person of [ana, ben, cat]) await person.context.close();
});
