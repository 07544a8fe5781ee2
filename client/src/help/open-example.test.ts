import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fixtureText from './dementia-case.json?raw';
import { EXAMPLE_TITLE, exampleDocument, openExample } from './open-example';

const fixture = JSON.parse(fixtureText) as { title: string; statements: unknown[]; links: unknown[] };

/** Just enough of `window` for the recent-maps list: a storage and change events. */
function fakeWindow() {
  const stored = new Map<string, string>();
  return {
    localStorage: {
      getItem: (key: string) => stored.get(key) ?? null,
      setItem: (key: string, value: string) => void stored.set(key, value),
    },
    dispatchEvent: () => true,
  };
}

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('the example map', () => {
  let browser: ReturnType<typeof fakeWindow>;
  beforeEach(() => {
    browser = fakeWindow();
    vi.stubGlobal('window', browser);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps the case as it is under the example’s title', () => {
    const document = exampleDocument(fixture);
    expect(document.title).toBe('Example: dementia case');
    expect(document.statements).toEqual(fixture.statements);
    expect(document.links).toEqual(fixture.links);
    expect(fixture.title).not.toBe(EXAMPLE_TITLE);
  });

  it('makes a new map from the case, remembers it, and gives its edit link', async () => {
    const fetch = vi.fn(async (_path: string, _init?: RequestInit) => answer(201, { id: 'map 1', editToken: 'E', viewToken: 'V' }));
    vi.stubGlobal('fetch', fetch);

    await expect(openExample()).resolves.toEqual({ ok: true, url: '/m/map%201#token=E&view=V' });

    const [path, init] = fetch.mock.calls[0] ?? [];
    expect(path).toBe('/api/docs');
    expect(init?.method).toBe('POST');
    const sent = JSON.parse(String(init?.body)) as typeof fixture & { format: string };
    expect(sent.format).toBe('causal-map');
    expect(sent.title).toBe(EXAMPLE_TITLE);
    expect(sent.statements).toHaveLength(fixture.statements.length);
    const recent = JSON.parse(browser.localStorage.getItem('causal-map:recent-maps') ?? '[]') as unknown[];
    expect(recent).toEqual([expect.objectContaining({ id: 'map 1', title: EXAMPLE_TITLE, editToken: 'E', viewToken: 'V' })]);
  });

  it('says in words why it could not, and remembers nothing', async () => {
    vi.stubGlobal('fetch', async () => answer(413, { error: { code: 'too_large', message: 'The map is too large.' } }));
    await expect(openExample()).resolves.toEqual({ ok: false, message: 'Could not open the example: The map is too large.' });

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const offline = await openExample();
    expect(offline.ok).toBe(false);
    expect(!offline.ok && offline.message).toMatch(/Could not reach the server/);
    expect(browser.localStorage.getItem('causal-map:recent-maps')).toBeNull();
  });
});
