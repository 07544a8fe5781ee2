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
