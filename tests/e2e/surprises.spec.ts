import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { importMap } from './map-geometry.js';
import { LoopsPanel, MapPage, newPerson } from './map-page.js';

// What a care team tripped over, one test each: editing must never surprise anyone.

const dementia: unknown = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));
const ACCENT = 'rgb(29, 78, 216)';

test('letters typed while the Loops panel has focus are not map shortcuts', async ({ browser }) => {
  const ana = await newPerson(browser);
  const nurse = await MapPage.open(ana.page, 'Ana', await importMap(ana.page, dementia));
  const loops = new LoopsPanel(ana.page);
  await expect(nurse.statements).toHaveCount(12);
  await nurse.clickEmptyCanvas();
  // O opens the panel and puts focus in its list.
  await ana.page.keyboard.press('o');
  await expect(loops.panel).toBeVisible();
  await expect(loops.panel.getByRole('listbox')).toBeFocused();
  // A double-click on the panel, then typing: nothing happens to the map.
  await loops.loops.first().dblclick();
  await ana.page.keyboard.type('on the ward');
  await expect(loops.panel).toBeVisible();
  await expect(nurse.statements).toHaveCount(12);
  await expect(ana.page.getByLabel('Statement text')).toHaveCount(0);
  // Esc goes back to the canvas, where O works again.
  await ana.page.keyboard.press('Escape');
  await ana.page.keyboard.press('o');
  await expect(loops.panel).toBeHidden();
  await ana.context.close();
});

test('a new statement left empty disappears on Esc or a click away, and uses up no number', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Drafts');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await ana.page.getByRole('button', { name: 'Add statement' }).click();
  const editor = ana.page.getByLabel('Statement text');
  await expect(editor).toBeFocused();
  await expect(nurse.statements).toHaveCount(1);
  await editor.press('Escape');
  await expect(nurse.statements).toHaveCount(0);
  // Blur does the same.
  await ana.page.getByRole('button', { name: 'Add statement' }).click();
  await expect(editor).toBeFocused();
  await nurse.clickEmptyCanvas();
  await expect(nurse.statements).toHaveCount(0);
  // The next statement is number 1, and it is the only one anyone ever saw.
  expect(await nurse.addStatement('Pain at night')).toBe(1);
  await expect(gp.statement(1)).toContainText('Pain at night');
  await expect(gp.statements).toHaveCount(1);
  await expect(ana.page.getByText('Empty statement')).toHaveCount(0);
  await ana.context.close();
  await ben.context.close();
});

test('a number not yet confirmed shows as provisional, and its author is told when it changes', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Provisional');
  await nurse.addStatement('Pain at night');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await expect(gp.statements).toHaveCount(1);
  // Confirmed at once while connected.
  await expect(nurse.statement(1).getByTestId('statement-number')).toHaveText('1');

  await ben.context.setOffline(true);
  await expect(gp.status).toHaveText('Offline — edits kept');
  await gp.addStatement('Poor sleep');
  const offline = gp.statementWithText('Poor sleep').getByTestId('statement-number');
  await expect(offline).toHaveText('2?');
  await expect(offline).toHaveAttribute('title', /may still change/);
  await nurse.addStatement('Low mood');
  await expect(nurse.statementWithText('Low mood').getByTestId('statement-number')).toHaveText('2');

  await ben.context.setOffline(false);
  await expect(gp.status).toHaveText('Connected', { timeout: 20_000 });
  await expect(offline).not.toContainText('?');
  await expect(nurse.statements).toHaveCount(3);
  expect(await gp.numberedTexts()).toEqual(await nurse.numberedTexts());
  // Whoever's statement became 3 is told so, in words.
  const third = (await nurse.numberedTexts())['3'];
  const author = third === 'Poor sleep' ? gp : nurse;
  await expect(author.page.getByText('Your statement is now number 3: others added one meanwhile')).toBeVisible();
  await ana.context.close();
  await ben.context.close();
});

test('deleting a statement that breaks a titled loop asks first, and tells the others who broke it', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const url = await importMap(ana.page, dementia);
  const nurse = await MapPage.open(ana.page, 'Ana', url);
  const gp = await MapPage.open(ben.page, 'Ben Okafor', url);
  const loops = new LoopsPanel(ana.page);
  await loops.open();
  const spiral = loops.loops.filter({ hasText: '1 → 2 → 3 → 4 → 5 → 6 → 7 → 8 → 1' });
  await spiral.click();
  const name = await spiral.getAttribute('data-loop-name');
  await loops.panel.getByLabel('Loop title').fill('Loss of control spiral');
  await loops.panel.getByLabel('Loop title').press('Tab');

  await gp.select(4);
  await ben.page.keyboard.press('Delete');
  const dialog = ben.page.getByRole('dialog', { name: 'Delete and break a loop?' });
  await expect(dialog.getByTestId('breaks-loop')).toContainText(`${name} “Loss of control spiral”`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(gp.statement(4)).toBeVisible();

  await gp.select(4);
  await ben.page.keyboard.press('Delete');
  await dialog.getByRole('button', { name: 'Delete anyway' }).click();
  await expect(nurse.statement(4)).toHaveCount(0);
  await expect(ben.page.getByText(`You broke ${name} “Loss of control spiral”`, { exact: false })).toBeVisible();
  const notice = ana.page.getByTestId('broken-loop-notice').filter({ hasText: 'Loss of control spiral' });
  await expect(notice).toContainText(`Ben Okafor broke ${name} “Loss of control spiral” by deleting statement 4`);
  await notice.getByRole('button', { name: 'Show' }).click();
  await expect(ana.page.locator('[data-testid="statement"].is-selected')).toHaveCount(7);

  // Undo is offered to the one who did it, and brings the loop back with its title.
  await ben.page.getByRole('button', { name: 'Undo', exact: true }).last().click();
  await expect(nurse.statement(4)).toBeVisible();
  await expect(loops.loop(name ?? '')).toContainText('Loss of control spiral');
  await ana.context.close();
  await ben.context.close();
});

test("a colleague's selection shows in their colour with their full name, and idle cursors fade", async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Who selected what');
  const gp = await MapPage.open(ben.page, 'Dr Ben Okafor', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await nurse.addStatement('Poor sleep');
  await gp.select(1);
  await nurse.select(2);
  const tag = nurse.statement(1).getByTestId('peer-tag');
  await expect(tag).toHaveText('Dr Ben Okafor');
  const benColour = await ana.page
    .getByTestId('presence-person')
    .filter({ hasText: 'Dr Ben Okafor' })
    .locator('.presence-dot')
    .evaluate((node) => getComputedStyle(node).backgroundColor);
  const outline = await nurse.statement(1).evaluate((node) => getComputedStyle(node).outlineColor);
  expect(outline).toBe(benColour);
  expect(outline).not.toBe(ACCENT);
  const own = await nurse.statement(2).evaluate((node) => getComputedStyle(node).boxShadow);
  expect(own).toContain(ACCENT);

  await gp.hoverCanvas(300, 300);
  const cursor = ana.page.getByTestId('cursor');
  await expect(cursor).toHaveAttribute('data-name', 'Dr Ben Okafor');
  await expect(cursor).not.toHaveAttribute('data-idle', 'true');
  await expect(cursor).toHaveAttribute('data-idle', 'true', { timeout: 8_000 });
  await expect(cursor.locator('.peer-cursor-name')).toHaveCSS('opacity', '0');
  await gp.hoverCanvas(340, 320);
  await expect(cursor).not.toHaveAttribute('data-idle', 'true');
  await ana.context.close();
  await ben.context.close();
});

test('a selected link is highlighted along its whole length', async ({ browser }) => {
  const ana = await newPerson(browser);
  const nurse = await MapPage.open(ana.page, 'Ana', await importMap(ana.page, dementia));
  const link = nurse.link(1, 2);
  await link.locator('.link-path').click({ force: true });
  await expect(link).toHaveClass(/is-selected/);
  await expect(link.locator('.link-path')).toHaveCSS('stroke', ACCENT);
  await expect(link.getByTestId('link-halo')).toHaveCount(1);
  await ana.context.close();
});

test('selecting statements and links never moves the map; a click picks one, Shift adds, a click on the map clears', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const link = await importMap(ana.page, dementia);
  const nurse = await MapPage.open(ana.page, 'Ana (nurse)', link);
  // A colleague present fills the header a little more, as in a real meeting.
  await MapPage.open(ben.page, 'Ben (GP)', link);
  const selectedLinks = nurse.page.locator('[data-testid="link"].is-selected');
  const canvasTop = async () => (await nurse.page.locator('.react-flow__pane').boundingBox())?.y;
  for (const width of [1280, 1024]) {
    await nurse.page.setViewportSize({ width, height: 800 });
    const top = await canvasTop();
    await nurse.select(1);
    expect(await canvasTop()).toBe(top);
    await nurse.link(1, 2).locator('.link-hit').click({ force: true });
    await expect(nurse.link(1, 2)).toHaveClass(/is-selected/);
    await expect(nurse.statement(1)).not.toHaveClass(/is-selected/);
    expect(await canvasTop()).toBe(top);
    await nurse.link(2, 3).locator('.link-hit').click({ force: true, modifiers: ['Shift'] });
    await expect(selectedLinks).toHaveCount(2);
    // Picking a statement alone leaves no link selected.
    await nurse.select(1);
    await expect(selectedLinks).toHaveCount(0);
    await nurse.link(1, 2).locator('.link-hit').click({ force: true });
    await expect(selectedLinks).toHaveCount(1);
    await nurse.clickEmptyCanvas();
    await expect(selectedLinks).toHaveCount(0);
    expect(await canvasTop()).toBe(top);
  }
  await ana.context.close();
  await ben.context.close();
});

test('the link dialog starts with no target, finds one by words, and Enter adds the link', async ({ browser }) => {
  const ana = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Link dialog');
  await nurse.addStatement('Pain at night');
  await nurse.addStatement('Poor sleep');
  await nurse.select(1);
  await ana.page.keyboard.press('l');
  const dialog = ana.page.getByRole('dialog', { name: 'Link statement 1' });
  const target = dialog.getByRole('combobox', { name: 'Leads to statement' });
  await expect(target).toBeFocused();
  await expect(target).toHaveValue('');
  await expect(dialog.getByRole('option', { selected: true })).toHaveCount(0);
  await target.press('Enter');
  await expect(dialog.getByRole('status')).toHaveText(/Choose the statement it leads to/);
  await expect(nurse.links).toHaveCount(0);
  await target.fill('sleep');
  await expect(dialog.getByRole('option', { selected: true })).toContainText('Poor sleep');
  await target.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(nurse.link(1, 2)).toHaveCount(1);
  await ana.context.close();
});

test('the Loops panel shows many rows at 768 px, and Tab reaches statements before links', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  const nurse = await MapPage.open(page, 'Ana', await importMap(page, dementia));
  const loops = new LoopsPanel(page);
  await loops.open();
  await loops.loops.first().click();
  const list = loops.panel.getByRole('listbox');
  const shown = await list.evaluate((node) => {
    const box = node.closest('.loops-panel-body')?.getBoundingClientRect() ?? node.getBoundingClientRect();
    return Array.from(node.querySelectorAll('[role="option"]')).filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    }).length;
  });
  expect(shown).toBeGreaterThanOrEqual(Math.min(6, await loops.loops.count()));

  await page.keyboard.press('Escape');
  await nurse.clickEmptyCanvas();
  const order: string[] = [];
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const active = document.activeElement;
      if (active?.classList.contains('react-flow__node')) return 'statement';
      if (active?.getAttribute('data-testid') === 'link-focus') return 'link';
      return 'other';
    }));
  }
  const firstLink = order.indexOf('link');
  expect(order.filter((kind) => kind === 'statement')).toHaveLength(12);
  expect(firstLink).toBeGreaterThan(order.lastIndexOf('statement'));
  // A focused link is selected: P switches it.
  await expect(page.locator('[data-testid="link"].is-selected')).toHaveCount(1);
  expect(await nurse.links.count()).toBe(16);
  await context.close();
});

test('anyone with the edit link renames the map, live for everyone; a viewer is marked as such', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const cat = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', '');
  const links = await nurse.shareLinks();
  const gp = await MapPage.open(ben.page, 'Ben', links.edit);
  await MapPage.open(cat.page, 'Cat', links.view);
  await expect(ana.page.getByRole('heading', { level: 1 })).toHaveText('Untitled map');

  await ben.page.getByRole('button', { name: 'Rename' }).click();
  const title = 'Mrs A — case conference on memory, mood and the daughter as carer';
  await ben.page.getByLabel('Map title').fill(title);
  await ben.page.getByLabel('Map title').press('Enter');
  await expect(ana.page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(cat.page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(cat.page.getByRole('button', { name: 'Rename' })).toHaveCount(0);
  await expect(ana.page).toHaveTitle(new RegExp(title));
  const mapId = new URL(ana.page.url()).pathname.split('/')[2];
  const token = new URLSearchParams(new URL(links.edit).hash.slice(1)).get('token');
  const access = await ana.page.request.get(`/api/docs/${mapId}/access`, { headers: { authorization: `Bearer ${token}` } });
  expect((await access.json()).title).toBe(title);

  // The presence bar marks who can only view.
  const cats = ana.page.getByTestId('presence-person').filter({ hasText: 'Cat' });
  await expect(cats.getByTestId('view-only-mark')).toHaveText('view only');
  await expect(ana.page.getByTestId('presence-person').filter({ hasText: 'Ben' }).getByTestId('view-only-mark')).toHaveCount(0);
  await expect(cat.page.getByTestId('presence-person').filter({ hasText: 'Cat' }).getByTestId('view-only-mark')).toBeVisible();

  // At tablet width the whole title is on screen.
  await gp.page.setViewportSize({ width: 768, height: 1024 });
  const heading = gp.page.getByRole('heading', { level: 1 });
  await expect(heading).toBeInViewport({ ratio: 1 });
  expect(await heading.evaluate((node) => node.scrollWidth <= node.clientWidth)).toBe(true);
  await ana.context.close();
  await ben.context.close();
  await cat.context.close();
});

test('screen readers hear statements with their valence and links as sentences', async ({ browser }) => {
  const ana = await newPerson(browser);
  await MapPage.open(ana.page, 'Ana', await importMap(ana.page, dementia));
  const four = ana.page.locator('.react-flow__node').filter({ has: ana.page.locator('[data-number="4"]') });
  await expect(four).toHaveAttribute('aria-label', /^Statement 4, bad: Mrs A feels she is losing control of her life/);
  await expect(ana.page.getByRole('button', { name: '11 may not lead to 5', exact: true })).toHaveCount(1);
  await expect(ana.page.getByRole('button', { name: '1 may lead to 2', exact: true })).toHaveCount(1);
  await ana.context.close();
});
