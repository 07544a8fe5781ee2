import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Page, expect, test } from '@playwright/test';
import {
  drawnLinks,
  importMap,
  linksCrossingStatements,
  mapDocument,
  mapPositions,
  overlappingStatements,
  statementBoxes,
  waitForLayoutFrom,
  waitForSettledLayout,
} from './map-geometry.js';
import { LoopsPanel, MapPage, newPerson } from './map-page.js';

// A map that reads true: Tidy up and Arrange loop for everyone at once, links that never pass
// behind a statement they do not join, and new statements that land in free space.

const dementiaCase = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/dementia-case.json', import.meta.url)), 'utf8'),
) as { statements: { number: number; x: number; y: number }[] };

const layoutMenu = (page: Page) => page.getByRole('button', { name: 'Layout' });

async function fitView(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Fit View' }).click();
}

test('Tidy up on the dementia case: no overlaps, no link behind a statement, same for both, one undo', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const link = await importMap(ana.page, dementiaCase);
  const nurse = await MapPage.open(ana.page, 'Ana', link);
  const gp = await MapPage.open(ben.page, 'Ben', link);
  await expect(nurse.statements).toHaveCount(12);
  const before = await mapPositions(nurse.page);
  // As imported, the statements sit on top of each other: the check below can fail.
  expect(overlappingStatements(await statementBoxes(nurse.page))).not.toEqual([]);

  // Ana pins statement 1: Ben sees the pin, and Tidy up leaves it where it is.
  await nurse.select(1);
  await nurse.page.getByRole('toolbar', { name: 'Map tools' }).getByRole('button', { name: 'Pin' }).click();
  await expect(gp.statement(1).getByTestId('pin-mark')).toBeVisible();

  await nurse.page.getByRole('button', { name: 'Tidy up' }).click();
  await waitForLayoutFrom(nurse.page, before);
  const after = await mapPositions(nurse.page);
  expect(after[1]).toBe(before[1]);
  expect(Object.keys(after).filter((n) => after[Number(n)] !== before[Number(n)]).length).toBeGreaterThan(5);

  for (const person of [nurse, gp]) {
    await fitView(person.page);
    await waitForSettledLayout(person.page);
    const boxes = await statementBoxes(person.page);
    expect(overlappingStatements(boxes)).toEqual([]);
    expect(linksCrossingStatements(await drawnLinks(person.page), boxes)).toEqual([]);
  }
  // Ben sees the very same places.
  await expect.poll(() => mapPositions(gp.page)).toEqual(after);

  // One undo puts every statement back, for both.
  await nurse.page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => mapPositions(nurse.page)).toEqual(before);
  await expect.poll(() => mapPositions(gp.page)).toEqual(before);
  await expect(gp.statement(1).getByTestId('pin-mark')).toBeVisible();
  await ana.context.close();
  await ben.context.close();
});

test('dragging a statement across a link re-routes the link around it, for the other person too', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const link = await importMap(
    ana.page,
    mapDocument(
      'Routing',
      [
        { text: 'Pain at night', x: 0, y: 0 },
        { text: 'Poor sleep', x: 700, y: 0 },
        { text: 'Low mood', x: 350, y: 320 },
      ],
      [[1, 2, '-']],
    ),
  );
  const nurse = await MapPage.open(ana.page, 'Ana', link);
  const gp = await MapPage.open(ben.page, 'Ben', link);
  await expect(nurse.link(1, 2)).toHaveCount(1);
  const straight = await nurse.link(1, 2).locator('path.link-path').getAttribute('d');

  // Drag "Low mood" up onto the line between 1 and 2.
  const text = await nurse.statement(3).getByTestId('statement-text').boundingBox();
  const target = await nurse.statement(1).getByTestId('statement-text').boundingBox();
  if (!text || !target) throw new Error('statements not on screen');
  await nurse.page.mouse.move(text.x + text.width / 2, text.y + text.height / 2);
  await nurse.page.mouse.down();
  await nurse.page.mouse.move(text.x + text.width / 2, target.y + target.height / 2, { steps: 12 });
  await nurse.page.mouse.up();

  for (const person of [nurse, gp]) {
    await expect.poll(() => person.link(1, 2).locator('path.link-path').getAttribute('d')).not.toBe(straight);
    await expect
      .poll(async () => linksCrossingStatements(await drawnLinks(person.page), await statementBoxes(person.page)))
      .toEqual([]);
  }
  // The minus sign sits in clear space: not over any statement.
  const sign = await nurse.link(1, 2).getByTestId('link-minus').boundingBox();
  const boxes = await statementBoxes(nurse.page);
  expect(sign).not.toBeNull();
  for (const box of boxes) {
    const overlaps = sign!.x < box.right && box.left < sign!.x + sign!.width && sign!.y < box.bottom && box.top < sign!.y + sign!.height;
    expect(overlaps, `the minus sign lies over statement ${box.number}`).toBe(false);
  }
  await ana.context.close();
  await ben.context.close();
});

test('five statements added with the button on a crowded map never land on a statement or a link', async ({ page }) => {
  const statements = [];
  for (let row = 0; row < 4; row++) {
    for (let column = 0; column < 4; column++) statements.push({ text: `Crowd ${row}-${column}`, x: column * 250, y: row * 110 });
  }
  const links: [number, number][] = [
    [1, 16],
    [4, 13],
    [6, 7],
    [10, 11],
    [2, 14],
  ];
  const nurse = await MapPage.open(page, 'Ana', await importMap(page, mapDocument('Crowded', statements, links)));
  await expect(nurse.statements).toHaveCount(16);
  for (let i = 1; i <= 5; i++) await nurse.addStatement(`New thought ${i}`);
  await fitView(page);
  await waitForSettledLayout(page);
  const boxes = await statementBoxes(page);
  expect(boxes).toHaveLength(21);
  expect(overlappingStatements(boxes)).toEqual([]);
  // No link runs through a new statement.
  const fresh = boxes.filter((box) => box.number > 16);
  expect(linksCrossingStatements(await drawnLinks(page), fresh)).toEqual([]);
});

test('Arrange loop puts the selected loop on a circle in arrow order, shown clear of the panel', async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 800 });
  await MapPage.open(page, 'Ana', await importMap(page, dementiaCase));
  const loops = new LoopsPanel(page);
  await loops.open();
  await loops.loop('R1').click();
  const chain = (await loops.loop('R1').getByTestId('loop-chain').textContent()) ?? '';
  const order = chain.split('→').map((n) => Number(n.trim())).slice(0, -1);
  expect(order.length).toBeGreaterThanOrEqual(3);

  const before = await mapPositions(page);
  await layoutMenu(page).click();
  await page.getByRole('menuitem', { name: 'Arrange loop' }).click();
  await waitForLayoutFrom(page, before);

  // Every statement of the loop is in view and not under the Loops panel.
  const panel = await loops.panel.boundingBox();
  const canvas = await page.locator('.map-canvas').boundingBox();
  const boxes = await statementBoxes(page);
  const inLoop = order.map((number) => boxes.find((box) => box.number === number)!);
  for (const box of inLoop) {
    expect(box.right, `statement ${box.number} is under the panel`).toBeLessThanOrEqual(panel!.x + 1);
    expect(box.left).toBeGreaterThanOrEqual(canvas!.x - 1);
    expect(box.top).toBeGreaterThanOrEqual(canvas!.y - 1);
    expect(box.bottom).toBeLessThanOrEqual(canvas!.y + canvas!.height + 1);
  }
  // On a circle: the same distance from the centre, within a few per cent...
  const centres = inLoop.map((box) => ({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }));
  const middle = {
    x: centres.reduce((sum, c) => sum + c.x, 0) / centres.length,
    y: centres.reduce((sum, c) => sum + c.y, 0) / centres.length,
  };
  const radii = centres.map((c) => Math.hypot(c.x - middle.x, c.y - middle.y));
  expect(Math.max(...radii) / Math.min(...radii)).toBeLessThan(1.06);
  // ...and in arrow order: clockwise on screen, one turn in all.
  const angles = centres.map((c) => Math.atan2(c.y - middle.y, c.x - middle.x));
  let turn = 0;
  for (let i = 0; i < angles.length; i++) {
    let step = angles[(i + 1) % angles.length]! - angles[i]!;
    while (step <= 0) step += 2 * Math.PI;
    turn += step;
  }
  expect(turn).toBeCloseTo(2 * Math.PI, 3);
  expect(overlappingStatements(boxes)).toEqual([]);
});

test('reading aids: go to a statement by number, find by text, fade all but loops, the legend', async ({ page }) => {
  const nurse = await MapPage.open(page, 'Ana', await importMap(page, dementiaCase));
  const find = page.getByRole('combobox', { name: 'Find statement' });
  const found = page.getByRole('listbox', { name: 'Statements found' }).getByRole('option');
  await page.locator('.react-flow__pane').click();
  await page.keyboard.press('/');
  await expect(find).toBeFocused();
  await find.fill('9');
  await expect(found.first()).toContainText('Daughter feels overwhelmed');
  await find.press('Enter');
  await expect(nurse.statement(9)).toHaveClass(/is-selected/);
  await expect(nurse.statement(9)).toBeInViewport();

  await find.fill('day centre');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText('stops going to the day centre');
  await find.fill('hospital');
  await expect(page.getByText('No statement matches “hospital”')).toBeVisible();
  await find.press('Escape');

  await page.getByLabel('Show').selectOption('on-loop');
  const onLoop = await page.locator('[data-testid="statement"][data-on-loop="true"]').count();
  expect(onLoop).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="statement"][data-faded="true"]')).toHaveCount(12 - onLoop);
  await expect(page.locator('[data-testid="statement"][data-on-loop="true"][data-faded="true"]')).toHaveCount(0);
  await page.getByLabel('Show').selectOption('positive');
  await expect(page.locator('[data-testid="statement"]:not([data-faded])')).toHaveCount(2);

  await page.getByRole('button', { name: 'Legend' }).click();
  const legend = page.getByTestId('legend');
  await expect(legend).toContainText('may not lead to');
  await expect(legend).toContainText('Bad');
  await expect(legend).toContainText('vicious loop');
  await legend.getByRole('button', { name: 'Close the legend' }).click();
  await expect(legend).toBeHidden();
});

test('a big map shows an overview; a layout that runs out of time says so and moves nothing', async ({ page }) => {
  const statements = Array.from({ length: 30 }, (_, i) => ({ text: `Statement ${i + 1}`, x: (i % 6) * 260, y: Math.floor(i / 6) * 120 }));
  const links = Array.from({ length: 29 }, (_, i) => [i + 1, i + 2] as [number, number]);
  await MapPage.open(page, 'Ana', await importMap(page, mapDocument('Big', statements, links)));
  await expect(page.getByRole('img', { name: 'Overview of the whole map' })).toBeVisible();

  await page.evaluate(() => window.localStorage.setItem('causal-map:layout-limit-ms', '1'));
  const before = await mapPositions(page);
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await expect(page.getByText(/Tidy up stopped: this map is too large to lay out within/)).toBeVisible();
  expect(await mapPositions(page)).toEqual(before);
  await page.evaluate(() => window.localStorage.removeItem('causal-map:layout-limit-ms'));
  // The next try makes a new worker and works.
  await page.getByRole('button', { name: 'Tidy up' }).click();
  await expect.poll(async () => JSON.stringify(await mapPositions(page))).not.toBe(JSON.stringify(before));
});

test('a click or a drag on the overview moves the view there', async ({ page }) => {
  // Six columns of five rows; zoomed right in, only the middle of the map is on screen.
  const statements = Array.from({ length: 30 }, (_, i) => ({ text: `Statement ${i + 1}`, x: (i % 6) * 260, y: Math.floor(i / 6) * 120 }));
  const map = await MapPage.open(page, 'Ana', await importMap(page, mapDocument('Overview', statements, [])));
  const overview = page.getByRole('img', { name: 'Overview of the whole map' });
  await expect(overview).toBeVisible();
  const zoomIn = page.getByRole('button', { name: /zoom in/i });
  while (await zoomIn.isEnabled()) await zoomIn.click();
  const rightOfMiddleRow = map.statement(18);
  const leftOfMiddleRow = map.statement(13);
  await expect(rightOfMiddleRow).not.toBeInViewport();
  await expect(leftOfMiddleRow).not.toBeInViewport();

  // The overview's right edge, half way down: the right end of the middle row.
  const box = (await overview.boundingBox())!;
  await page.mouse.click(box.x + box.width - 4, box.y + box.height / 2);
  await expect(rightOfMiddleRow).toBeInViewport();
  await expect(leftOfMiddleRow).not.toBeInViewport();

  // Dragged along to the left edge, the view follows.
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + 4, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(leftOfMiddleRow).toBeInViewport();
  await expect(rightOfMiddleRow).not.toBeInViewport();
});

test("a statement's menu pins and unpins it, by pointer or keyboard; the pin shows for everyone", async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const link = await importMap(ana.page, dementiaCase);
  const nurse = await MapPage.open(ana.page, 'Ana', link);
  const gp = await MapPage.open(ben.page, 'Ben', link);
  await fitView(nurse.page);

  await nurse.statement(4).getByTestId('statement-text').click({ button: 'right' });
  const menu = nurse.page.getByRole('menu', { name: 'Statement 4' });
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await menu.getByRole('menuitem', { name: 'Pin' }).click();
  await expect(menu).toBeHidden();
  await expect(gp.statement(4)).toHaveAttribute('data-pinned', 'true');
  await expect(gp.statement(4).getByTestId('pin-mark')).toBeVisible();

  // From the keyboard: the menu key opens it on the selected statement; arrows and Enter choose.
  await nurse.select(4);
  await nurse.page.keyboard.press('Shift+F10');
  await expect(menu).toBeVisible();
  await nurse.page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Unpin' })).toBeFocused();
  await nurse.page.keyboard.press('Enter');
  await expect(gp.statement(4)).not.toHaveAttribute('data-pinned', 'true');
  await nurse.page.keyboard.press('Shift+F10');
  await nurse.page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await ana.context.close();
  await ben.context.close();
});

test('ELK loads only on the first layout, in a worker; layouts glide unless reduced motion is asked for', async ({ browser }) => {
  const ana = await newPerson(browser);
  const calm = await browser.newContext({ reducedMotion: 'reduce' });
  const link = await importMap(ana.page, dementiaCase);
  const nurse = await MapPage.open(ana.page, 'Ana', link);
  const elkLoaded = (page: Page) =>
    page.evaluate(() => performance.getEntriesByType('resource').some((entry) => /elk/.test(entry.name)));
  expect(await elkLoaded(nurse.page)).toBe(false);
  expect(nurse.page.workers().some((worker) => /elk-worker/.test(worker.url()))).toBe(false);

  const before = await mapPositions(nurse.page);
  await nurse.page.getByRole('button', { name: 'Tidy up' }).click();
  await waitForLayoutFrom(nurse.page, before);
  expect(await elkLoaded(nurse.page)).toBe(true);
  expect(nurse.page.workers().some((worker) => /elk-worker/.test(worker.url()))).toBe(true);

  // While a layout glides, statements move with a transition; with reduced motion they jump.
  const glide = (page: Page) =>
    page.evaluate(() => {
      const canvas = document.querySelector('.map-canvas')!;
      canvas.classList.add('is-laying-out');
      const duration = getComputedStyle(document.querySelector('.react-flow__node')!).transitionDuration;
      canvas.classList.remove('is-laying-out');
      return duration;
    });
  expect(await glide(nurse.page)).toBe('0.45s');
  const calmPage = await calm.newPage();
  const gp = await MapPage.open(calmPage, 'Ben', link);
  await expect(gp.statements).toHaveCount(12);
  expect(await glide(gp.page)).toBe('0s');
  await ana.context.close();
  await calm.close();
});
