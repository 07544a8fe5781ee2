import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LoopsPanel, caseConference } from './map-page.js';

const dementia: unknown = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));

test('three people discuss a statement, mark a link and find the contested one', async ({ browser }) => {
  test.setTimeout(90_000);
  const { ana, ben, cat, nurse, gp, carer, close } = await caseConference(browser, dementia);

  // Ana selects statement 4 and presses C: the discussion opens on it, its box focused.
  await nurse.select(4);
  await ana.page.keyboard.press('c');
  const anaPanel = ana.page.getByTestId('discussion-panel');
  await expect(anaPanel.getByRole('heading', { level: 3 })).toHaveText(/^Statement 4: Mrs A feels she is losing/);
  await expect(anaPanel.getByLabel('Start a thread here')).toBeFocused();
  await ana.page.keyboard.type('Is this since the diagnosis, @Ben? <b>not bold</b>');
  await anaPanel.getByRole('button', { name: 'Comment', exact: true }).click();

  // Ben sees the badge and is told he was mentioned; his name stands out in the comment.
  await expect(gp.statement(4).getByTestId('thread-badge')).toContainText('1');
  await expect(ben.page.locator('.react-flow__node').filter({ has: gp.statement(4) })).toHaveAttribute('aria-label', /1 open thread\.$/);
  await expect(ben.page.getByRole('status').filter({ hasText: 'Ana mentioned you' })).toBeVisible();
  await ben.page.getByRole('button', { name: 'Discussion' }).click();
  const benPanel = ben.page.getByTestId('discussion-panel');
  const thread = benPanel.getByTestId('thread');
  await expect(thread).toHaveCount(1);
  await expect(thread.locator('.mention')).toHaveText('@Ben');
  // Plain text: what looks like markup is shown as typed.
  await expect(thread.getByText('<b>not bold</b>', { exact: false })).toBeVisible();
  await expect(thread.locator('b')).toHaveCount(0);
  // The thread in the list takes Ben to what it is about.
  await thread.getByRole('button', { name: /^Statement 4: Mrs A feels/ }).click();
  await expect(gp.statement(4)).toHaveClass(/is-selected/);
  await thread.getByRole('button', { name: 'Reply' }).click();
  await ben.page.keyboard.type('Since March, after the fall');
  await ben.page.keyboard.press('Control+Enter');

  // Ana sees the reply and resolves the thread; the badge goes on every screen.
  await expect(anaPanel.getByTestId('comment')).toHaveCount(2);
  await expect(anaPanel.getByTestId('comment').nth(1)).toContainText('Ben');
  await expect(anaPanel.getByTestId('comment').nth(1)).toContainText('Since March, after the fall');
  await anaPanel.getByRole('button', { name: 'Resolve' }).click();
  await expect(gp.statement(4).getByTestId('thread-badge')).toHaveCount(0);
  await expect(carer.statement(4).getByTestId('thread-badge')).toHaveCount(0);
  await expect(benPanel.getByTestId('thread')).toHaveCount(0);
  await benPanel.getByLabel('Show resolved threads').check();
  await expect(benPanel.getByTestId('thread')).toContainText('Resolved by Ana');

  // Ben marks the link 4 → 5 "disagree" from its discussion.
  await ben.page.getByRole('button', { name: '4 may lead to 5', exact: true }).focus();
  await ben.page.keyboard.press('c');
  await expect(benPanel.getByRole('heading', { level: 3 })).toHaveText('Link: 4 may lead to 5');
  await benPanel.getByRole('button', { name: /Disagree/ }).click();
  await expect(benPanel.getByRole('button', { name: /Disagree/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(benPanel.getByTestId('link-mark-people')).toHaveText('Ben: disagree');

  // Cat (view only) sees the count on the link, the contested filter, and the loop's hint.
  const contested = carer.link(4, 5);
  await expect(contested.getByTestId('link-talk')).toHaveText('✗1');
  await expect(contested).toHaveAttribute('data-contested', 'true');
  await cat.page.getByLabel('Show').selectOption('contested');
  await expect(contested).not.toHaveAttribute('data-faded', 'true');
  await expect(carer.link(1, 2)).toHaveAttribute('data-faded', 'true');
  await expect(carer.statement(5)).not.toHaveAttribute('data-faded', 'true');
  await expect(carer.statement(1)).toHaveAttribute('data-faded', 'true');
  const loops = new LoopsPanel(cat.page);
  await loops.open();
  await expect(loops.loops.filter({ has: cat.page.getByTestId('loop-contested') }).first()).toBeVisible();
  // A viewer reads the discussion but cannot write in it or mark.
  await cat.page.getByRole('button', { name: '4 may lead to 5', exact: true }).focus();
  await cat.page.keyboard.press('c');
  const catPanel = cat.page.getByTestId('discussion-panel');
  await expect(catPanel.getByTestId('link-mark-people')).toHaveText('Ben: disagree');
  await expect(catPanel.getByRole('textbox')).toHaveCount(0);
  await expect(catPanel.getByRole('button', { name: /Disagree/ })).toHaveCount(0);
  await expect(loops.panel).toBeHidden();

  // After a reload, everything is still there.
  await ana.page.reload();
  await expect(nurse.status).toHaveText('Connected');
  await expect(nurse.link(4, 5).getByTestId('link-talk')).toHaveText('✗1');
  await ana.page.getByRole('button', { name: 'Discussion' }).click();
  await anaPanel.getByLabel('Show resolved threads').check();
  await expect(anaPanel.getByTestId('comment')).toHaveCount(2);
  await close();
});
