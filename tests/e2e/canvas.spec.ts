import { expect, test } from '@playwright/test';
import { MapPage, newPerson } from './map-page.js';

// Pointer work on the canvas: moving statements, drawing links by dragging, and seeing what
// the other person has selected.

test('moving a statement by dragging shows the new place to the other person', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Moving');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await expect(gp.statement(1)).toBeVisible();
  const position = () =>
    gp.page.evaluate(() => {
      const node = document.querySelector('[data-testid="statement"]')?.closest('.react-flow__node') as HTMLElement | null;
      return node?.style.transform ?? '';
    });
  const before = await position();

  const box = await nurse.statement(1).getByTestId('statement-text').boundingBox();
  if (!box) throw new Error('statement not on screen');
  await nurse.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await nurse.page.mouse.down();
  await nurse.page.mouse.move(box.x + box.width / 2 + 180, box.y + box.height / 2 + 120, { steps: 10 });
  await nurse.page.mouse.up();
  await expect.poll(position).not.toBe(before);
  await ana.context.close();
  await ben.context.close();
});

test('dragging from one statement to another draws a link; onto itself draws nothing', async ({ browser }) => {
  const ana = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Drag links');
  await nurse.addStatement('Pain at night');
  await nurse.addStatement('Poor sleep');
  const page = nurse.page;

  const handle = nurse.statement(1).locator('.statement-handle').first();
  const dragTo = async (target: { x: number; y: number }) => {
    await nurse.statement(1).hover();
    const from = await handle.boundingBox();
    if (!from) throw new Error('handle not on screen');
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 12 });
    await page.mouse.up();
  };

  const own = await nurse.statement(1).getByTestId('statement-text').boundingBox();
  if (!own) throw new Error('statement not on screen');
  await dragTo({ x: own.x + own.width / 2, y: own.y + own.height / 2 });
  await expect(nurse.links).toHaveCount(0);

  const other = await nurse.statement(2).getByTestId('statement-text').boundingBox();
  if (!other) throw new Error('statement not on screen');
  await dragTo({ x: other.x + other.width / 2, y: other.y + other.height / 2 });
  await expect(nurse.link(1, 2)).toHaveCount(1);
  await expect(nurse.link(1, 2)).toHaveAttribute('data-polarity', '+');
  await ana.context.close();
});

test("each person's selection is outlined in their colour on the other's screen", async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Selections');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await expect(gp.statement(1)).toBeVisible();
  await nurse.select(1);
  const tag = gp.statement(1).locator('.peer-tag');
  await expect(tag).toHaveAttribute('title', 'Ana has this selected');
  const anaColour = await tag.evaluate((node) => getComputedStyle(node).backgroundColor);
  const outline = await gp.statement(1).evaluate((node) => getComputedStyle(node).getPropertyValue('--peer-color'));
  expect(outline.trim()).not.toBe('');
  expect(anaColour).not.toBe('rgba(0, 0, 0, 0)');
  await ana.context.close();
  await ben.context.close();
});

test('works at tablet width: add, link and share stay within reach', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
  const page = await context.newPage();
  const nurse = await MapPage.create(page, 'Ana', 'Tablet');
  await nurse.addStatement('Pain at night');
  await nurse.addStatement('Poor sleep');
  await nurse.linkStatements(1, 2);
  for (const name of ['Add statement', 'Link to…', 'Undo', 'Share']) {
    const button = page.getByRole('button', { name, exact: true });
    await expect(button).toBeInViewport();
  }
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});

test('on a laptop screen the tools fit on one row, the valence buttons shortened to their word', async ({ browser }) => {
  for (const width of [1280, 1366]) {
    const context = await browser.newContext({ viewport: { width, height: 768 } });
    const page = await context.newPage();
    await MapPage.create(page, 'Ana', 'Laptop');
    const tops = await page
      .getByRole('toolbar', { name: 'Map tools' })
      .getByRole('button')
      .evaluateAll((buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().top)));
    expect(new Set(tops).size, `${width} px: buttons at ${tops.join(', ')}`).toBe(1);
    const bad = page.getByRole('button', { name: 'Bad for the person' });
    await expect(bad).toHaveText('− Bad', { useInnerText: true });
    await context.close();
  }
});

test('zoomed far out, statements show their number big in place of their words, links drop their signs and heads and "may not lead to" keeps a colour; zooming in brings them back', async ({ browser }) => {
  const ana = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana (nurse)', 'Far out');
  await nurse.addStatement('Pain at night');
  await nurse.addStatement('Poor sleep');
  await nurse.linkStatements(1, 2, '-');
  const minus = nurse.page.getByTestId('link-minus');
  const line = nurse.link(1, 2).locator('.link-path');
  await expect(minus).toBeVisible();
  const near = await line.evaluate((path) => ({ stroke: getComputedStyle(path).stroke, dashes: getComputedStyle(path).strokeDasharray }));
  expect(near.dashes).not.toBe('none');

  const statement = nurse.statement(1);
  const words = statement.getByTestId('statement-text');
  const bigNumber = statement.locator('.statement-far-number');
  await expect(words).toBeVisible();
  await expect(bigNumber).toBeHidden();
  const size = await statement.boundingBox();

  const farLayer = nurse.page.locator('.map-canvas[data-far="true"]');
  for (let click = 0; click < 10 && (await farLayer.count()) === 0; click += 1) {
    await nurse.page.getByRole('button', { name: /zoom out/i }).click();
  }
  await expect(farLayer).toHaveCount(1);
  await expect(minus).toBeHidden();
  const far = await line.evaluate((path) => ({ stroke: getComputedStyle(path).stroke, dashes: getComputedStyle(path).strokeDasharray, head: getComputedStyle(path).markerEnd }));
  expect(far.dashes).toBe('none');
  expect(far.head).toBe('none');
  // Still told apart from "may lead to" at a glance: a colour of its own.
  expect(far.stroke).not.toBe(near.stroke);
  await expect(nurse.link(1, 2)).toHaveAccessibleName('1 may not lead to 2');
  await expect(words).toBeHidden();
  await expect(bigNumber).toBeVisible();
  await expect(bigNumber).toHaveText('1');
  // Only the drawing changes: the statement keeps its size (scaled), so no link moves, and its name.
  const farSize = await statement.boundingBox();
  const zoom = Number((await nurse.page.locator('.react-flow__viewport').getAttribute('style'))?.match(/scale\(([\d.]+)\)/)?.[1]);
  expect(farSize!.height / zoom).toBeCloseTo(size!.height, 0);
  await expect(nurse.page.locator('.react-flow__node').filter({ has: statement })).toHaveAccessibleName('Statement 1: Pain at night');

  for (let click = 0; click < 10 && (await farLayer.count()) > 0; click += 1) {
    await nurse.page.getByRole('button', { name: /zoom in/i }).click();
  }
  await expect(minus).toBeVisible();
  await expect(words).toBeVisible();
  await expect(bigNumber).toBeHidden();
  await ana.context.close();
});
