import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fixtureText from './dementia-case.json?raw';
import { EXAMPLE_TITLE, exampleDocument, openExample, spreadNeeded } from './open-example';

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

  it('keeps the case under the example’s title, its statements spread so that none covers another', () => {
    const document = exampleDocument(fixture);
    expect(document.title).toBe('Example: dementia case');
    expect(document.links).toEqual(fixture.links);
    expect(fixture.title).not.toBe(EXAMPLE_TITLE);
    const statements = document.statements as { id: string; number: number; text: string; x: number; y: number }[];
    const original = fixture.statements as typeof statements;
    expect(statements.map(({ x: _x, y: _y, ...rest }) => rest)).toEqual(original.map(({ x: _x, y: _y, ...rest }) => rest));
    // Boxes 220 wide and up to about 90 high (three lines) never overlap.
    for (const [i, a] of statements.entries()) {
      for (const b of statements.slice(i + 1)) expect(Math.abs(a.x - b.x) >= 220 || Math.abs(a.y - b.y) >= 90, `statements ${a.number} and ${b.number}`).toBe(true);
    }
    // The fixture's own circle was too tight for them.
    expect(original.some((a, i) => original.slice(i + 1).some((b) => Math.abs(a.x - b.x) < 220 && Math.abs(a.y - b.y) < 90))).toBe(true);
  });

  it('spreads only as much as needed', () => {
    expect(spreadNeeded([{ x: 0, y: 0 }, { x: 500, y: 0 }])).toBe(1);
    expect(spreadNeeded([{ x: 0, y: 0 }, { x: 125, y: 10 }])).toBeCloseTo(2, 5);
    expect(spreadNeeded([{ x: 0, y: 0 }])).toBe(1);
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
