import { expect, test } from '@playwright/test';
import { MapPage, newPerson } from './map-page.js';

// A link went to the wrong person: the team makes a new one, and the old one stops working.

test('a replaced edit link stops working at once; the new link and the old view link work', async ({ browser }) => {
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const nurse = await MapPage.create(ana.page, 'Ana', 'Revoke');
  await nurse.addStatement('Pain at night');
  const old = await nurse.shareLinks();
  const tokenOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('token') ?? '';
  // Every address Ben's browser sends: tokens go in headers and subprotocols, never in these.
  const addresses: string[] = [];
  ben.page.on('request', (request) => addresses.push(request.url()));
  ben.page.on('websocket', (socket) => addresses.push(socket.url()));
  const gp = await MapPage.open(ben.page, 'Ben', old.edit);
  await expect(gp.statements).toHaveCount(1);
  expect(addresses.filter((address) => address.includes('/ws/'))).not.toEqual([]);
  expect(addresses.filter((address) => address.includes('/api/'))).not.toEqual([]);
  expect(addresses.filter((address) => address.includes(tokenOf(old.edit)))).toEqual([]);

  const replaced = await nurse.replaceLink('edit');
  expect(replaced.edit).not.toBe(old.edit);
  expect(replaced.view).toBe(old.view);
  expect(replaced.message).toContain('The old edit link no longer works');

  // Ben, on the old link, is told so in full, without a reload.
  await expect(gp.invalidLink).toBeVisible();
  await expect(gp.statements).toHaveCount(0);

  // Ana carries on with the new link, in the address and in her list of maps.
  await expect(nurse.status).toHaveText('Connected');
  expect(ana.page.url()).toBe(replaced.edit);
  await nurse.addStatement('Poor sleep');
  await ana.page.goto('/');
  await ana.page.getByRole('link', { name: 'Revoke' }).click();
  await expect(nurse.status).toHaveText('Connected');
  expect(ana.page.url()).toBe(replaced.edit);

  // The new link works in a fresh browser; the old one does not.
  const chloe = await newPerson(browser);
  const socialWorker = await MapPage.open(chloe.page, 'Chloe', replaced.edit);
  await expect(socialWorker.statements).toHaveCount(2);
  const eve = await newPerson(browser);
  await eve.page.goto(old.edit);
  await expect(new MapPage(eve.page, 'Eve').invalidLink).toBeVisible();

  // The view-only link was not replaced: it still works.
  const dan = await newPerson(browser);
  const family = await MapPage.open(dan.page, 'Dan', old.view);
  await expect(family.statements).toHaveCount(2);
  await expect(dan.page.getByTestId('read-only-banner')).toBeVisible();

  // Until that one is replaced too.
  const again = await nurse.replaceLink('view');
  expect(again.view).not.toBe(old.view);
  expect(tokenOf(again.edit)).toBe(tokenOf(replaced.edit));
  await expect(family.invalidLink).toBeVisible();
  await expect(nurse.status).toHaveText('Connected');
  await expect(socialWorker.status).toHaveText('Connected');

  for (const person of [ana, ben, chloe, dan, eve]) await person.context.close();
});
