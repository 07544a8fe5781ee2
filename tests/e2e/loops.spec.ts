import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { LoopsPanel, MapPage, newPerson } from './map-page.js';

const dementiaCase = fileURLToPath(new URL('../fixtures/dementia-case.json', import.meta.url));

// The server flags a vicious loop a moment after the change that closed it (SPEC §5).
const FLAG_TIMEOUT = 15_000;

test('a vicious loop closed by one person is flagged to everyone, shown on request and listed', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana (nurse)', 'Mrs A, nights');
  const gp = await MapPage.open(ben.page, 'Ben (GP)', (await nurse.shareLinks()).edit);
  const nurseLoops = new LoopsPanel(ana.page);
  const gpLoops = new LoopsPanel(ben.page);

  for (const text of ['Pain at night', 'Poor sleep', 'Low mood']) {
    await nurse.setValence(await nurse.addStatement(text), 'Bad for the person');
  }
  expect(await nurse.addStatement('Sees the GP every week')).toBe(4);
  await nurse.linkStatements(1, 2);
  await nurse.linkStatements(2, 3);
  await nurseLoops.open();
  await expect(nurseLoops.panel).toContainText('No loops yet. A loop appears when arrows lead back to where they started.');
  expect(await nurseLoops.statementsMarked('on-loop')).toEqual([]);

  await expect(gp.link(2, 3)).toHaveCount(1);
  await gp.linkStatements(3, 1);

  // Both see the flag, naming the loop and who closed it.
  const expected = 'Vicious loop closed: 1 → 2 → 3 → 1 — closed by Ben (GP)';
  await expect(nurseLoops.notices).toHaveCount(1, { timeout: FLAG_TIMEOUT });
  await expect(nurseLoops.notices).toContainText(expected);
  await expect(gpLoops.notices).toContainText(expected, { timeout: FLAG_TIMEOUT });

  // Statements and links on a loop are marked before any loop is selected.
  expect(await nurseLoops.statementsMarked('on-loop')).toEqual([1, 2, 3]);
  await expect(nurse.link(3, 1)).toHaveAttribute('data-on-loop', 'true');
  await expect(nurseLoops.loops).toHaveCount(1);
  await expect(nurseLoops.loops).toHaveAttribute('data-character', 'vicious');
  await expect(nurseLoops.loops.getByTestId('loop-chain')).toHaveText('1 → 2 → 3 → 1');
  await expect(nurseLoops.counts).toContainText('1 vicious');

  // "Show loop" opens the panel on it and highlights it on the map.
  await expect(gpLoops.panel).toBeHidden();
  await gpLoops.notices.getByRole('button', { name: 'Show loop' }).click();
  await expect(gpLoops.panel).toBeVisible();
  await expect(gpLoops.selected).toHaveAttribute('data-character', 'vicious');
  await expect(gpLoops.selected).toHaveAttribute('data-loop-name', 'R1');
  await expect(gpLoops.selected.getByTestId('loop-chain')).toHaveText('1 → 2 → 3 → 1');
  await expect(gpLoops.selected).toHaveAccessibleName(/^R1 Vicious 1 → 2 → 3 → 1/);
  await expect(gp.statement(1)).toHaveAttribute('data-highlighted', 'true');
  expect(await gpLoops.statementsMarked('highlighted')).toEqual([1, 2, 3]);
  expect(await gpLoops.statementsMarked('dimmed')).toEqual([4]);
  await expect(gp.page.locator('[data-testid="link"][data-highlighted="true"]')).toHaveCount(3);

  await nurseLoops.notices.getByRole('button', { name: 'Dismiss' }).click();
  await expect(nurseLoops.notices).toHaveCount(0);

  // Esc lets go of the loop: nothing highlighted or dimmed any more.
  await ben.page.keyboard.press('Escape');
  await expect(gpLoops.selected).toHaveCount(0);
  expect(await gpLoops.statementsMarked('dimmed')).toEqual([]);

  // Someone who opens the map later sees the loop, labelled by the server, but no notice.
  const chloe = await newPerson(browser);
  const socialWorker = await MapPage.open(chloe.page, 'Chloe', (await nurse.shareLinks()).edit);
  const chloeLoops = new LoopsPanel(chloe.page);
  await chloeLoops.open();
  await expect(chloeLoops.loop('R1')).not.toHaveAttribute('data-provisional', 'true');
  await expect(socialWorker.statements).toHaveCount(4);
  await chloe.page.waitForTimeout(1000);
  await expect(chloeLoops.notices).toHaveCount(0);

  // Breaking the flagged loop asks first, then takes it off the list for everyone.
  await nurse.select(1);
  await ana.page.keyboard.press('Delete');
  await ana.page.getByRole('dialog').getByRole('button', { name: 'Delete anyway' }).click();
  await expect(gpLoops.loops).toHaveCount(0);
  expect(await gpLoops.statementsMarked('on-loop')).toEqual([]);

  for (const person of [ana, ben, chloe]) await person.context.close();
});

test('the dementia case: 3 vicious and 2 balancing loops, stepped through, titled for everyone', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  await ana.page.goto('/');
  await ana.page.getByLabel('Import a map file (.json)').setInputFiles(dementiaCase);
  await ana.page.waitForURL(/\/m\/[^/#]+#token=/);
  const nurse = new MapPage(ana.page, 'Ana');
  await nurse.join();
  const links = await nurse.shareLinks();
  const gp = await MapPage.open(ben.page, 'Ben', links.edit);
  const loops = new LoopsPanel(ana.page);

  // O, on the map, opens the panel.
  await nurse.clickEmptyCanvas();
  await ana.page.keyboard.press('o');
  await expect(loops.panel).toBeVisible();
  await expect(loops.loops).toHaveCount(5);
  await expect(loops.counts.locator('[data-count="vicious"]')).toHaveText('3 vicious');
  await expect(loops.counts.locator('[data-count="balancing"]')).toHaveText('2 balancing');
  await expect(loops.counts.locator('[data-count="reinforcing"]')).toHaveText('3 reinforcing');
  await expect(loops.panel.locator('[data-testid="loop"][data-character="vicious"]')).toHaveCount(3);
  await expect(loops.panel.locator('[data-testid="loop"][data-character="balancing"]')).toHaveCount(2);
  expect(await loops.statementsMarked('on-loop')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

  // ] and [ step through the loops; the map follows.
  await ana.page.keyboard.press(']');
  await expect(loops.selected).toHaveAttribute('data-loop-name', 'R1');
  await expect(loops.selected.getByTestId('loop-chain')).toHaveText('1 → 2 → 3 → 4 → 5 → 6 → 7 → 8 → 1');
  expect(await loops.statementsMarked('highlighted')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(await loops.statementsMarked('dimmed')).toEqual([9, 10, 11, 12]);
  await ana.page.keyboard.press(']');
  await expect(loops.selected).toHaveAttribute('data-loop-name', 'R2');
  await ana.page.keyboard.press(']');
  await ana.page.keyboard.press(']');
  await expect(loops.selected).toHaveAttribute('data-loop-name', 'B1');
  await expect(loops.selected).toHaveAttribute('data-character', 'balancing');
  expect(await loops.statementsMarked('highlighted')).toEqual([8, 10, 11]);
  await ana.page.keyboard.press('[');
  await expect(loops.selected).toHaveAttribute('data-loop-name', 'R3');

  // Arrow keys move through the list too.
  await loops.panel.getByRole('listbox').focus();
  await ana.page.keyboard.press('ArrowUp');
  await expect(loops.selected).toHaveAttribute('data-loop-name', 'R2');

  // The team's title, note and character are shared live.
  await loops.panel.getByLabel('Loop title').fill('Withdrawal spiral');
  await loops.panel.getByLabel('Note').fill('Ask the daughter about day-centre transport.');
  await loops.panel.getByLabel('Character').selectOption('Vicious');
  const gpLoops = new LoopsPanel(ben.page);
  await gpLoops.open();
  await expect(gpLoops.loop('R2')).toContainText('Withdrawal spiral');
  await gpLoops.loop('R2').click();
  await expect(gpLoops.panel.getByLabel('Loop title')).toHaveValue('Withdrawal spiral');
  await expect(gpLoops.panel.getByLabel('Character')).toHaveValue('vicious');

  // Esc leaves the field; choosing a character was one undo step of its own.
  await ana.page.keyboard.press('Escape');
  await expect(loops.panel.getByLabel('Character')).not.toBeFocused();
  await expect(loops.selected).toHaveCount(1);
  await ana.page.keyboard.press('Control+z');
  await expect(gpLoops.panel.getByLabel('Character')).toHaveValue('automatic');
  await expect(gpLoops.panel.getByLabel('Loop title')).toHaveValue('Withdrawal spiral');

  // A view-only person sees the team's notes but cannot change them.
  const guest = await newPerson(browser);
  await MapPage.open(guest.page, 'Family member', links.view);
  const guestLoops = new LoopsPanel(guest.page);
  await guestLoops.open();
  await guestLoops.loop('R2').click();
  await expect(guestLoops.panel.getByLabel('Note')).toHaveValue('Ask the daughter about day-centre transport.');
  await expect(guestLoops.panel.getByLabel('Loop title')).not.toBeEditable();
  await expect(guestLoops.panel.getByLabel('Character')).toBeDisabled();

  // A second Esc lets go of the loop; the imported map's loops were old news, so no notice came.
  await ana.page.keyboard.press('Escape');
  await expect(loops.selected).toHaveCount(0);
  expect(await loops.statementsMarked('dimmed')).toEqual([]);
  await expect(gp.statements).toHaveCount(12);
  await expect(loops.notices).toHaveCount(0);

  for (const person of [ana, ben, guest]) await person.context.close();
});
