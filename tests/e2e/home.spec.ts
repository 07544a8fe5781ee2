import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { MapPage } from './map-page.js';

const dementiaCase = fileURLToPath(new URL('../fixtures/dementia-case.json', import.meta.url));

test('importing the dementia case opens it with its numbers, and it is listed as recent', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Import a map file (.json)').setInputFiles(dementiaCase);
  await page.waitForURL(/\/m\/[^/#]+#token=/);
  const map = new MapPage(page, 'Ana');
  await map.join();
  await expect(map.statements).toHaveCount(12);
  await expect(map.statement(1).getByTestId('statement-text')).toHaveText("Mrs A's memory is getting worse");
  await expect(map.statement(12)).toHaveAttribute('data-valence', 'positive');

  await page.goto('/');
  await expect(page.getByRole('link', { name: /Dementia case/ })).toBeVisible();
});

test('a malformed map file gets a clear error and changes nothing', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Import a map file (.json)').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'causal-map', version: 1, statements: [{ id: 'a' }] })),
  });
  await expect(page.locator('.drop-zone').getByRole('alert')).toContainText('Statement 1 has no text');
  await expect(page).toHaveURL(/\/$/);

  await page.getByLabel('Import a map file (.json)').setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('this is not json'),
  });
  await expect(page.locator('.drop-zone').getByRole('alert')).toContainText('This file is not a map file: it is not JSON');
});

test('an import refused for a bad valence and a missing statement lists the problems in words, in the drop zone', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  const statement = { id: 'a', text: 'Mrs A is anxious', valence: 'terrible', x: 0, y: 0, createdAt: 1 };
  const link = { id: 'l1', from: 'a', to: 'gone', polarity: '+', createdAt: 2 };
  const picker = page.getByLabel('Import a map file (.json)');
  await picker.setInputFiles({
    name: 'bad-valence.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ format: 'causal-map', version: 1, statements: [statement], links: [link] })),
  });

  const alert = page.locator('.drop-zone').getByRole('alert');
  await expect(alert).toContainText('Statement 1: valence must be');
  await expect(alert).toContainText('Link 1: "to" names no statement in the file');
  await expect(alert.getByRole('listitem')).toHaveCount(2);
  await expect(alert).not.toContainText('statements[0]');
  await expect(alert).not.toContainText('Invalid option');
  await expect(alert).toBeInViewport();
  await expect(picker).toHaveAttribute('aria-describedby', (await alert.getAttribute('id')) ?? 'the alert has no id');
  await expect(page).toHaveURL(/\/$/);
});

test('a link with a wrong token says so and offers a way home', async ({ page }) => {
  await page.goto('/m/does-not-exist#token=wrong&view=wrong');
  await expect(page.getByText(/not valid/i)).toBeVisible();
  await expect(page.getByRole('link', { name: /home|start/i })).toBeVisible();
});

test('dropping a map file on the page imports it', async ({ page }) => {
  await page.goto('/');
  const text = readFileSync(dementiaCase, 'utf8');
  const dataTransfer = await page.evaluateHandle((json) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([json], 'dementia-case.json', { type: 'application/json' }));
    return transfer;
  }, text);
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  await page.waitForURL(/\/m\/[^/#]+#token=/);
  const map = new MapPage(page, 'Ana');
  await map.join();
  await expect(map.statements).toHaveCount(12);
});
