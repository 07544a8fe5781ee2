import { readFileSync } from 'node:fs';
import { type Page, expect, test } from '@playwright/test';
import { MapPage, caseConference, newPerson } from './map-page.js';

const dementia: unknown = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));

const viewOf = (page: Page) => page.locator('.react-flow__viewport').getAttribute('style');

/** The view once it has left `from` (if given) and stood still for a second: moves glide. */
async function settledView(page: Page, from?: string | null): Promise<string | null> {
  let last = await viewOf(page);
  let still = 0;
  await expect
    .poll(async () => {
      const now = await viewOf(page);
      still = now === last && now !== from ? still + 1 : 0;
      last = now;
      return still >= 4;
    }, { intervals: [250], timeout: 15_000 })
    .toBe(true);
  return last;
}

/** Goes to a statement and waits for the view to get there. */
async function goAndSettle(map: MapPage, number: number): Promise<string | null> {
  const before = await viewOf(map.page);
  await map.goTo(number);
  return settledView(map.page, before);
}

async function facilitate(page: Page, item: string | RegExp) {
  await page.getByRole('button', { name: 'Facilitate' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

test('a facilitator is followed, brings everyone to her view, spotlights a statement and runs a gathering round', async ({ browser }) => {
  test.setTimeout(120_000);
  const { ana, ben, cat, nurse, gp, carer, close } = await caseConference(browser, dementia);

  // Ben follows Ana's view: where she goes, his map goes; she sees that he follows her.
  await ben.page.getByRole('button', { name: 'Ana', exact: true }).click();
  await ben.page.getByRole('menuitem', { name: "Follow Ana's view" }).click();
  await expect(ana.page.getByTestId('followed-by')).toHaveText('Ben follows your view');
  const twelve = await goAndSettle(nurse, 12);
  // Her view may still be gliding: his follows it there.
  await expect.poll(async () => (await viewOf(ben.page)) === (await viewOf(ana.page))).toBe(true);
  expect(await viewOf(ben.page)).not.toBe(await viewOf(cat.page));
  expect(twelve).not.toBeNull();
  // Esc: he stops following, and she sees it.
  await ben.page.keyboard.press('Escape');
  await expect(ana.page.getByTestId('followed-by')).toHaveCount(0);

  // Bring everyone to a loop: Ben's and Cat's views jump to Ana's; Cat goes back to where she was.
  const catBefore = await settledView(cat.page);
  // Ana picks a loop: her view glides to it.
  const beforeLoop = await viewOf(ana.page);
  await ana.page.getByRole('button', { name: 'Loops' }).click();
  await ana.page.getByTestId('loop').first().click();
  const anaView = await settledView(ana.page, beforeLoop);
  await ana.page.getByRole('button', { name: 'Hide panel' }).click();
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
  await close();
});

test('an anonymous map, chosen when it is made, records no author for statements and links', async ({ browser }) => {
  const ana = await newPerson(browser);
  await ana.page.goto('/');
  await ana.page.getByLabel('Map title').fill('Team reflection');
  await ana.page.getByLabel(/Anonymous map/).check();
  await ana.page.getByRole('button', { name: 'Create map' }).click();
  await ana.page.waitForURL(/\/m\/[^/#]+#token=/);
  const nurse = new MapPage(ana.page, 'Ana');
  await nurse.join();
  await nurse.addStatement('Night staff are stretched');
  await nurse.addStatement('Falls at night');
  await nurse.linkStatements(1, 2);
  const url = new URL(ana.page.url());
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  await expect
    .poll(async () => {
      const response = await ana.page.request.get(`/api/docs/${url.pathname.split('/')[2]}`, { headers: { authorization: `Bearer ${token}` } });
      const document = (await response.json()) as { statements: { createdBy: string }[]; links: { createdBy: string }[] };
      return [...document.statements, ...document.links].map((entry) => entry.createdBy);
    })
    .toEqual(['', '', '']);
  await ana.context.close();
});
