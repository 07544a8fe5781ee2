import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { MapPage, newPerson } from './map-page.js';

// Replay: the map as it grew, event by event, without touching the live map.

test('replay steps through the map as it grew, never changes it, and goes back to the live map with what was added meanwhile', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Replay');
  await nurse.addStatement('Pain at night');
  await nurse.addStatement('Poor sleep');
  await nurse.linkStatements(1, 2, '-');
  const links = await nurse.shareLinks();
  // A researcher with the view-only link.
  const researcher = await MapPage.open(ben.page, 'Ben', links.view);
  await ben.page.getByRole('button', { name: 'Replay', exact: true }).click();
  const bar = ben.page.getByTestId('replay-bar');
  await expect(bar).toBeVisible();
  const event = ben.page.getByTestId('replay-event');
  // The latest event first: the link.
  await expect(event).toContainText('Ana linked 1 may not lead to 2');
  await expect(researcher.statements).toHaveCount(2);

  // Home: the first event, one statement, as it was then.
  await bar.getByRole('slider', { name: 'Event' }).focus();
  await ben.page.keyboard.press('Home');
  await expect(event).toContainText('1 of');
  await expect(event).toContainText('Ana added statement 1');
  await expect(researcher.statements).toHaveCount(1);
  await expect(researcher.links).toHaveCount(0);
  // The words typed after it came in one burst: the next event, the text as it was then.
  await ben.page.keyboard.press('ArrowRight');
  await expect(event).toContainText('Ana edited statement 1: Pain at night');
  await expect(researcher.statement(1)).toContainText('Pain at night');
  await ben.page.keyboard.press('ArrowRight');
  await expect(event).toContainText('Ana added statement 2');
  await expect(researcher.statements).toHaveCount(2);

  // Meanwhile Ana goes on; the replay is not disturbed, and it never wrote to her map.
  await nurse.addStatement('Low mood');
  await expect(researcher.statements).toHaveCount(2);
  expect(await nurse.numberedTexts()).toEqual({ '1': 'Pain at night', '2': 'Poor sleep', '3': 'Low mood' });

  // The record downloads from the bar.
  const downloaded = ben.page.waitForEvent('download');
  await bar.getByRole('button', { name: 'Events (CSV)' }).click();
  const csv = readFileSync(await (await downloaded).path(), 'utf8');
  expect(csv).toContain('seq,at,received_at,by,kind,statement,from,to,polarity,valence,loop,text');
  expect(csv).toContain('statement-added');

  await ben.page.getByRole('button', { name: 'Back to the live map' }).click();
  await expect(researcher.statements).toHaveCount(3);
  await expect(researcher.statementWithText('Low mood')).toHaveCount(1);
  await ana.context.close();
  await ben.context.close();
});

test('playing the replay moves through the events on its own, and following a person fades the others', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Replay play');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await gp.addStatement('Poor sleep');
  await ana.page.getByRole('button', { name: 'Replay', exact: true }).click();
  const bar = ana.page.getByTestId('replay-bar');
  await bar.getByRole('button', { name: 'Start' }).click();
  await bar.getByLabel('Speed').selectOption('16');
  await bar.getByRole('button', { name: 'Play' }).click();
  // It plays to the last event by itself, and stops there.
  await expect(bar.getByTestId('replay-event')).toContainText('4 of 4', { timeout: 10_000 });
  await expect(bar.getByTestId('replay-event')).toContainText('Ben edited statement 2: Poor sleep');
  await expect(bar.getByRole('button', { name: 'Play' })).toBeVisible();

  await bar.getByLabel('Follow').selectOption('Ben');
  await expect(nurse.statement(1)).toHaveAttribute('data-faded', 'true');
  await expect(nurse.statement(2)).not.toHaveAttribute('data-faded', 'true');
  await ana.context.close();
  await ben.context.close();
});

test('a vicious loop closing is marked on the timeline, and a statement’s details say who made and changed it', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Who did what');
  const gp = await MapPage.open(ben.page, 'Dr Ben Okafor', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await gp.addStatement('Poor sleep');
  await nurse.setValence(1, 'Bad for the person');
  await nurse.linkStatements(1, 2);
  await gp.linkStatements(2, 1);

  // Details, by keyboard: I on the selected statement.
  await nurse.select(1);
  await ana.page.keyboard.press('i');
  const details = ana.page.getByRole('dialog', { name: 'Statement 1' });
  await expect(details.getByTestId('details-added')).toContainText('Added by Ana');
  await expect(details.getByTestId('details-changes')).toContainText('Text edited by Ana');
  await expect(details.getByTestId('details-changes')).toContainText('Marked negative by Ana');
  await expect(details.getByTestId('details-links')).toContainText('1 may lead to 2: drawn by Ana');
  await expect(details.getByTestId('details-links')).toContainText('2 may lead to 1: drawn by Dr Ben Okafor');
  await ana.page.keyboard.press('Escape');

  // The same for a link.
  await nurse.link(2, 1).locator('.link-path').click({ force: true });
  await ana.page.getByRole('button', { name: 'Details' }).click();
  await expect(ana.page.getByRole('dialog', { name: '2 may lead to 1' }).getByTestId('details-added')).toContainText('Drawn by Dr Ben Okafor');
  await ana.page.keyboard.press('Escape');

  await ana.page.getByRole('button', { name: 'Replay', exact: true }).click();
  const tick = ana.page.getByTestId('replay-loop-tick');
  await expect(tick).toHaveCount(1);
  await expect(tick).toHaveAttribute('data-vicious', 'true');
  await ana.context.close();
  await ben.context.close();
});
