import { expect, test } from '@playwright/test';
import { MapPage, newPerson } from './map-page.js';

test('links read "may lead to" or "may not lead to", refuse self-links and doubles', async ({ browser }) => {
  const ana = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Links');
  await nurse.addStatement('Pain at night');
  await nurse.addStatement('Poor sleep');
  await nurse.linkStatements(1, 2, '-');
  const link = nurse.link(1, 2);
  await expect(link).toHaveAttribute('data-polarity', '-');
  await expect(nurse.page.getByTestId('link-minus')).toHaveCount(1);

  // The same direction again is refused with a reason; the other direction is fine.
  await nurse.select(1);
  await nurse.page.getByRole('button', { name: 'Link to…' }).click();
  const dialog = nurse.page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Leads to statement' }).fill('2');
  await dialog.getByRole('button', { name: 'Add link' }).click();
  await expect(nurse.page.getByText('already linked in this direction')).toBeVisible();
  await nurse.page.keyboard.press('Escape');
  await expect(nurse.links).toHaveCount(1);
  await nurse.linkStatements(2, 1, '+');

  // Toggling polarity from the keyboard.
  await link.click();
  await nurse.page.keyboard.press('p');
  await expect(nurse.link(1, 2)).toHaveAttribute('data-polarity', '+');
  await expect(nurse.page.getByTestId('link-minus')).toHaveCount(0);
  await ana.context.close();
});

test('delete and undo/redo touch only my own changes', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Undo');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await gp.addStatement('Poor sleep');
  await expect(nurse.statements).toHaveCount(2);

  // Ana deletes her statement, then undoes the delete.
  await nurse.select(1);
  await nurse.page.keyboard.press('Delete');
  await expect(nurse.statements).toHaveCount(1);
  await expect(gp.statements).toHaveCount(1);
  await nurse.page.keyboard.press('Control+z');
  await expect(gp.statement(1)).toBeVisible();
  await nurse.page.keyboard.press('Control+Shift+z');
  await expect(gp.statement(1)).toHaveCount(0);
  await nurse.page.keyboard.press('Control+z');
  await expect(gp.statement(1)).toBeVisible();

  // Undoing everything Ana did never removes Ben's statement.
  for (let i = 0; i < 10; i++) await nurse.page.keyboard.press('Control+z');
  await expect(nurse.page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  await expect(gp.statement(2)).toBeVisible();
  await expect(nurse.statement(2)).toBeVisible();
  // Numbers are never reused: a new statement gets 3.
  expect(await gp.addStatement('Low mood')).toBe(3);
  await ana.context.close();
  await ben.context.close();
});

test('valence is shown by colour and words, and shared', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Valence');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await nurse.select(1);
  await nurse.page.getByRole('button', { name: 'Bad for the person' }).click();
  await expect(gp.statement(1)).toHaveAttribute('data-valence', 'negative');
  await expect(gp.statement(1)).toContainText(/bad/i);
  await ana.context.close();
  await ben.context.close();
});

test('two people typing in one statement both keep their letters', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Typing');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await nurse.addStatement('sleep');
  await expect(gp.statement(1)).toBeVisible();

  await nurse.statement(1).dblclick();
  await gp.statement(1).dblclick();
  const anaEditor = nurse.page.getByLabel('Statement text');
  const benEditor = gp.page.getByLabel('Statement text');
  await anaEditor.press('End');
  await benEditor.press('Home');
  await Promise.all([anaEditor.pressSequentially(' at night'), benEditor.pressSequentially('Poor ')]);
  await anaEditor.press('Enter');
  await benEditor.press('Enter');
  for (const person of [nurse, gp]) {
    await expect(person.statement(1).getByTestId('statement-text')).toHaveText('Poor sleep at night');
  }
  await ana.context.close();
  await ben.context.close();
});

test('edits made offline are kept and merge when back online', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Offline');
  const gp = await MapPage.open(ben.page, 'Ben', (await nurse.shareLinks()).edit);
  await nurse.addStatement('Pain at night');
  await expect(gp.statements).toHaveCount(1);

  await ben.context.setOffline(true);
  await expect(gp.status).toHaveText('Offline — edits kept');
  await gp.addStatement('Poor sleep');
  await nurse.addStatement('Low mood');
  await expect(gp.statements).toHaveCount(2);

  await ben.context.setOffline(false);
  await expect(gp.status).toHaveText('Connected', { timeout: 20_000 });
  await expect(nurse.statements).toHaveCount(3);
  await expect(gp.statements).toHaveCount(3);
  expect(await gp.numberedTexts()).toEqual(await nurse.numberedTexts());
  await ana.context.close();
  await ben.context.close();
});
