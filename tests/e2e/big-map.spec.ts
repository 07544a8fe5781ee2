import { expect, test } from '@playwright/test';
import { drawnLinks, linksCrossingStatements, mapDocument, statementBoxes } from './map-geometry.js';
import { LoopsPanel, MapPage, newPerson } from './map-page.js';

// A team's map after months of case conferences: 1,000 statements and 2,000 links, made
// through the API and opened by its plain edit link (no view token in it), edited by two people.

function thousandStatements(): unknown {
  const columns = 40;
  const statements = Array.from({ length: 1000 }, (_, i) => ({
    text: `Statement ${i + 1} about Mrs A's sleep, mood and visits`,
    x: (i % columns) * 320,
    y: Math.floor(i / columns) * 200,
    valence: i % 3 === 0 ? 'negative' : 'neutral',
  }));
  const links: [number, number][] = [];
  for (let i = 1; i <= 1000; i++) {
    if (i % columns !== 0) links.push([i, i + 1]);
    if (i + columns <= 1000) links.push([i, i + columns]);
  }
  return mapDocument('A year of case conferences', statements, links.slice(0, 2000));
}

test('a 1,000-statement map opens by its plain edit link for editing, and two people edit it', async ({ browser }) => {
  test.setTimeout(120_000);
  const ana = await newPerson(browser);
  const response = await ana.page.request.post('/api/docs', { data: thousandStatements() });
  expect(response.status()).toBe(201);
  const { id, editToken } = (await response.json()) as { id: string; editToken: string };
  const link = `/m/${id}#token=${editToken}`;

  // The page asks the server about the link while the editor's code is still on its way.
  const opening: string[] = [];
  ana.page.on('request', (request) => void (request.url().endsWith('/access') && opening.push('link checked')));
  ana.page.on('requestfinished', (request) => void (/\/MapPage-[^/]*\.js$/.test(request.url()) && opening.push('editor code arrived')));
  const nurse = await MapPage.open(ana.page, 'Ana (nurse)', link);
  expect(opening.slice(0, 2)).toEqual(['link checked', 'editor code arrived']);
  const ben = await newPerson(browser);
  const gp = await MapPage.open(ben.page, 'Ben (GP)', link);
  // The server decides: an edit token edits, whatever shape the link has.
  for (const person of [nurse, gp]) await expect(person.page.getByRole('button', { name: 'Add statement' })).toBeEnabled();

  // Ana types into statement 1,000; Ben sees it. Going to it zooms in from far out, where
  // statements show only their number, to where its words can be read.
  await expect(nurse.page.locator('.map-canvas[data-far="true"]')).toHaveCount(1);
  await nurse.goTo(1000);
  await expect(nurse.statement(1000).getByTestId('statement-text')).toBeVisible();
  await nurse.statement(1000).dblclick();
  const editor = nurse.page.getByLabel('Statement text');
  await editor.press('End');
  await editor.pressSequentially(' (worse at night)');
  await editor.press('Enter');
  await gp.goTo(1000);
  await expect(gp.statement(1000).getByTestId('statement-text')).toHaveText("Statement 1000 about Mrs A's sleep, mood and visits (worse at night)");

  // Ben adds statement 1,001 and links it back to statement 1,000; Ana sees both.
  expect(await gp.addStatement('Daughter visits less')).toBe(1001);
  await gp.linkStatements(1001, 1000, '-');
  await nurse.goTo(1001);
  await expect(nurse.statement(1001).getByTestId('statement-text')).toHaveText('Daughter visits less');
  await expect(nurse.link(1001, 1000)).toHaveAttribute('data-polarity', '-');

  // Ben drags statement 1,001 down: while he drags, its link follows it straight, on a layer of
  // its own; when he lets go it is routed around the statements again, on both screens.
  const moving = gp.page.getByTestId('moving-links').locator('[data-testid="link"][data-from-number="1001"]');
  const text = await gp.statement(1001).getByTestId('statement-text').boundingBox();
  if (!text) throw new Error('statement 1,001 is not on screen');
  await gp.page.mouse.move(text.x + text.width / 2, text.y + text.height / 2);
  await gp.page.mouse.down();
  await gp.page.mouse.move(text.x + text.width / 2, text.y + text.height / 2 + 60, { steps: 8 });
  await expect(moving).toHaveCount(1);
  await expect(moving.locator('path.link-path')).toHaveAttribute('d', /^M [\d.-]+ [\d.-]+ L [\d.-]+ [\d.-]+$/);
  await gp.page.mouse.up();
  await expect(gp.page.getByTestId('moving-links')).toHaveCount(0);
  for (const person of [gp, nurse]) {
    await person.goTo(1001);
    const drawn = '[data-testid="link"][data-from-number="1001"]';
    await expect.poll(async () => linksCrossingStatements(await drawnLinks(person.page, drawn), await statementBoxes(person.page))).toEqual([]);
  }

  // Ana closes a loop 1,000 → 1,001 → 1,000: found on the loop worker (a large map's loops are),
  // it lists with its chain on both screens.
  await nurse.linkStatements(1000, 1001, '+');
  for (const person of [nurse, gp]) {
    const loops = new LoopsPanel(person.page);
    await loops.open();
    await expect(loops.loops).toHaveCount(1);
    await expect(loops.loops.getByTestId('loop-chain')).toHaveText('1000 → 1001 → 1000');
  }

  await ana.context.close();
  await ben.context.close();
});
