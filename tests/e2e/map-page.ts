import { type Browser, type BrowserContext, type Locator, type Page, expect } from '@playwright/test';

// Page objects for the home page and the map page, so the specs read as what people do.

/** A person on their own device: a fresh browser context with its own storage. */
export async function newPerson(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

/**
 * A case conference on a map imported from `document`: Ana and Ben with the edit link, Cat with
 * the view-only link, each on their own device.
 */
export async function caseConference(browser: Browser, document: unknown) {
  const [ana, ben, cat] = [await newPerson(browser), await newPerson(browser), await newPerson(browser)];
  const response = await ana.page.request.post('/api/docs', { data: document });
  expect(response.status()).toBe(201);
  const { id, editToken, viewToken } = (await response.json()) as { id: string; editToken: string; viewToken: string };
  const nurse = await MapPage.open(ana.page, 'Ana', `/m/${id}#token=${editToken}&view=${viewToken}`);
  const gp = await MapPage.open(ben.page, 'Ben', `/m/${id}#token=${editToken}`);
  const carer = await MapPage.open(cat.page, 'Cat', `/m/${id}#token=${viewToken}`);
  return { ana, ben, cat, nurse, gp, carer, close: () => Promise.all([ana, ben, cat].map((person) => person.context.close())) };
}

export class MapPage {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  /** Creates a map from the home page and joins it under this person's name. */
  static async create(page: Page, name: string, title: string): Promise<MapPage> {
    await page.goto('/');
    await page.getByLabel('Map title').fill(title);
    await page.getByRole('button', { name: 'Create map' }).click();
    await page.waitForURL(/\/m\/[^/#]+#token=/);
    const map = new MapPage(page, name);
    await map.join();
    return map;
  }

  /** Opens a shared link and joins under this person's name. */
  static async open(page: Page, name: string, url: string): Promise<MapPage> {
    await page.goto(url);
    const map = new MapPage(page, name);
    await map.join();
    return map;
  }

  async join(): Promise<void> {
    const nameField = this.page.getByLabel('Your name');
    await nameField.fill(this.name);
    await this.page.getByRole('button', { name: 'Join' }).click();
    await expect(nameField).toBeHidden();
    await expect(this.status).toHaveText('Connected');
  }

  get status(): Locator {
    return this.page.getByTestId('connection-status');
  }

  get statements(): Locator {
    return this.page.getByTestId('statement');
  }

  statement(number: number): Locator {
    return this.page.locator(`[data-testid="statement"][data-number="${number}"]`);
  }

  statementWithText(text: string): Locator {
    return this.statements.filter({ has: this.page.getByTestId('statement-text').getByText(text, { exact: true }) });
  }

  get links(): Locator {
    return this.page.getByTestId('link');
  }

  link(from: number, to: number): Locator {
    return this.page.locator(`[data-testid="link"][data-from-number="${from}"][data-to-number="${to}"]`);
  }

  /** Adds a statement with the toolbar button and types its text; returns its number. */
  async addStatement(text: string): Promise<number> {
    await this.page.getByRole('button', { name: 'Add statement' }).click();
    const editor = this.page.getByLabel('Statement text');
    await expect(editor).toBeFocused();
    await editor.pressSequentially(text);
    await editor.press('Enter');
    await expect(editor).toBeHidden();
    const statement = this.statementWithText(text);
    await expect(statement).toHaveCount(1);
    return Number(await statement.getAttribute('data-number'));
  }

  /** Selects a statement the keyboard way, with "Find statement": the view moves to it. */
  async goTo(number: number): Promise<void> {
    const find = this.page.getByRole('combobox', { name: 'Find statement' });
    await find.fill(String(number));
    await find.press('Enter');
    await expect(this.statement(number)).toHaveClass(/is-selected/);
  }

  async select(number: number): Promise<void> {
    await this.statement(number).getByTestId('statement-number').click();
  }

  /** Draws a link with the keyboard-friendly "Link to…" dialog. */
  async linkStatements(from: number, to: number, polarity: '+' | '-' = '+'): Promise<void> {
    await this.select(from);
    await this.page.getByRole('button', { name: 'Link to…' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel(polarity === '+' ? 'may lead to' : 'may not lead to', { exact: true }).check();
    // Found by its number, and Enter adds the link.
    const target = dialog.getByRole('combobox', { name: 'Leads to statement' });
    await target.fill(String(to));
    await target.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(this.link(from, to)).toHaveCount(1);
  }

  /** Selects a statement and gives it a valence with the toolbar, e.g. 'Bad for the person'. */
  async setValence(number: number, action: 'Bad for the person' | 'Neutral' | 'Good for the person'): Promise<void> {
    await this.select(number);
    await this.page.getByRole('toolbar', { name: 'Map tools' }).getByRole('button', { name: action }).click();
    await expect(this.statement(number)).toHaveAttribute(
      'data-valence',
      action === 'Bad for the person' ? 'negative' : action === 'Neutral' ? 'neutral' : 'positive',
    );
  }

  /** Number → text for every statement on screen, to compare what two people see. */
  async numberedTexts(): Promise<Record<string, string>> {
    return this.statements.evaluateAll((nodes) =>
      Object.fromEntries(
        nodes.map((node) => [
          node.getAttribute('data-number') ?? '',
          node.querySelector('[data-testid="statement-text"]')?.textContent ?? '',
        ]),
      ),
    );
  }

  /** The edit and view links from the Share dialog. */
  async shareLinks(): Promise<{ edit: string; view: string }> {
    await this.page.getByRole('button', { name: 'Share' }).click();
    const dialog = this.page.getByRole('dialog');
    const edit = await dialog.getByLabel('Edit link').inputValue();
    const view = await dialog.getByLabel('View-only link').inputValue();
    await this.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    return { edit, view };
  }

  /** The full-page message a link that no longer opens the map gets. */
  get invalidLink(): Locator {
    return this.page.getByRole('heading', { name: 'This link is not valid any more — ask for a new link' });
  }

  /**
   * Replaces the edit or view-only link from the Share dialog, confirming the warning; returns
   * the links the dialog shows afterwards and what it said.
   */
  async replaceLink(kind: 'edit' | 'view'): Promise<{ edit: string; view: string; message: string }> {
    await this.page.getByRole('button', { name: 'Share' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: kind === 'edit' ? 'New edit link' : 'New view-only link' }).click();
    await expect(dialog.getByText('Everyone using the old link loses access. Continue?')).toBeVisible();
    await dialog.getByRole('button', { name: 'Continue' }).click();
    const status = dialog.getByTestId('replace-links-status');
    await expect(status).toContainText(kind === 'edit' ? 'Made a new edit link' : 'Made a new view-only link');
    const message = (await status.textContent()) ?? '';
    const edit = await dialog.getByLabel('Edit link').inputValue();
    const view = await dialog.getByLabel('View-only link').inputValue();
    await this.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    return { edit, view, message };
  }

  /**
   * Waits until the service worker controls the page and holds everything it needs to reload
   * without a network: the page, and every script and stylesheet the page loaded.
   */
  async waitForOfflineShell(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect
      .poll(
        () =>
          this.page.evaluate(async () => {
            const assets = performance
              .getEntriesByType('resource')
              .map((entry) => entry.name)
              .filter((name) => new URL(name).pathname.startsWith('/assets/'));
            const wanted = ['/index.html', ...assets];
            const stored = await Promise.all(wanted.map((url) => caches.match(url, { ignoreVary: true })));
            return assets.length > 0 && stored.every((response) => response !== undefined);
          }),
        { timeout: 15_000 },
      )
      .toBe(true);
  }

  /** Clicks a bare part of the canvas (nothing on top of it), as someone clicking "away" does. */
  async clickEmptyCanvas(): Promise<void> {
    const point = await this.page.evaluate(() => {
      const pane = document.querySelector('.react-flow__pane')?.getBoundingClientRect();
      if (!pane) return null;
      for (let y = pane.top + pane.height * 0.9; y > pane.top + 60; y -= 23) {
        for (let x = pane.left + pane.width * 0.5; x < pane.right - 10; x += 37) {
          if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
        }
      }
      return null;
    });
    if (!point) throw new Error('no bare part of the canvas is on screen');
    await this.page.mouse.click(point.x, point.y);
  }

  /** Moves the mouse over an empty part of the canvas. */
  async hoverCanvas(x: number, y: number): Promise<void> {
    const pane = this.page.locator('.react-flow__pane');
    const box = await pane.boundingBox();
    if (!box) throw new Error('the canvas is not on screen');
    await this.page.mouse.move(box.x + x, box.y + y, { steps: 5 });
  }
}

/** The loops panel of a map page, and the notices about vicious loops. */
export class LoopsPanel {
  constructor(readonly page: Page) {}

  get toggle(): Locator {
    return this.page.getByRole('button', { name: 'Loops', exact: true });
  }

  get panel(): Locator {
    return this.page.getByTestId('loops-panel');
  }

  get loops(): Locator {
    return this.panel.getByTestId('loop');
  }

  get counts(): Locator {
    return this.panel.getByTestId('loop-counts');
  }

  get notices(): Locator {
    return this.page.getByTestId('loop-notice');
  }

  loop(name: string): Locator {
    return this.panel.locator(`[data-testid="loop"][data-loop-name="${name}"]`);
  }

  get selected(): Locator {
    return this.panel.locator('[data-testid="loop"][aria-selected="true"]');
  }

  async open(): Promise<void> {
    if (await this.panel.isVisible()) return;
    await this.toggle.click();
    await expect(this.panel).toBeVisible();
  }

  /** Statement numbers with the given mark: 'highlighted', 'dimmed' or 'on-loop'. */
  async statementsMarked(mark: 'highlighted' | 'dimmed' | 'on-loop'): Promise<number[]> {
    const numbers = await this.page
      .locator(`[data-testid="statement"][data-${mark}="true"]`)
      .evaluateAll((nodes) => nodes.map((node) => Number(node.getAttribute('data-number'))));
    return numbers.sort((a, b) => a - b);
  }
}
