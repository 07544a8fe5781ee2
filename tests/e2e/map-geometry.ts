import { type Page, expect } from '@playwright/test';

// What a person sees on the canvas, measured in the page: statement boxes and the drawn link
// paths, in screen pixels, so the checks hold for whatever the app computed.

export interface ScreenBox {
  id: string;
  number: number;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface DrawnLink {
  from: number;
  to: number;
  d: string;
  /** Points along the drawn path, every few pixels, in screen coordinates. */
  samples: { x: number; y: number }[];
}

/** Every statement's box on screen. */
export function statementBoxes(page: Page): Promise<ScreenBox[]> {
  return page.locator('.react-flow__node').evaluateAll((nodes) =>
    nodes.map((node) => {
      const rect = node.getBoundingClientRect();
      const statement = node.querySelector('[data-testid="statement"]');
      return {
        id: node.getAttribute('data-id') ?? '',
        number: Number(statement?.getAttribute('data-number')),
        left: rect.left,
        top: rect.top,
        right: rect.right,
        bottom: rect.bottom,
      };
    }),
  );
}

/** Every link's drawn path (or those `selector` picks), sampled along its length. */
export function drawnLinks(page: Page, selector = '[data-testid="link"]'): Promise<DrawnLink[]> {
  return page.locator(selector).evaluateAll((groups) =>
    groups.map((group) => {
      const path = group.querySelector('path.link-path') as SVGPathElement;
      const matrix = path.getScreenCTM();
      const length = path.getTotalLength();
      const samples: { x: number; y: number }[] = [];
      for (let at = 0; at <= length; at += 3) {
        const point = path.getPointAtLength(at);
        samples.push({
          x: matrix ? matrix.a * point.x + matrix.c * point.y + matrix.e : point.x,
          y: matrix ? matrix.b * point.x + matrix.d * point.y + matrix.f : point.y,
        });
      }
      return {
        from: Number(group.getAttribute('data-from-number')),
        to: Number(group.getAttribute('data-to-number')),
        d: path.getAttribute('d') ?? '',
        samples,
      };
    }),
  );
}

/** Pairs of statements whose boxes overlap on screen, as "3/7". */
export function overlappingStatements(boxes: readonly ScreenBox[]): string[] {
  const found: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`${a.number}/${b.number}`);
    }),
  );
  return found;
}

/** Links drawn across a statement they do not join, as "3→9 crosses 13". */
export function linksCrossingStatements(links: readonly DrawnLink[], boxes: readonly ScreenBox[]): string[] {
  const found: string[] = [];
  for (const link of links) {
    for (const box of boxes) {
      if (box.number === link.from || box.number === link.to) continue;
      // One pixel of slack for anti-aliasing and rounding.
      const inside = link.samples.some(
        (p) => p.x > box.left + 1 && p.x < box.right - 1 && p.y > box.top + 1 && p.y < box.bottom - 1,
      );
      if (inside) found.push(`${link.from}→${link.to} crosses ${box.number}`);
    }
  }
  return found;
}

/** Statement positions in map coordinates (React Flow's node transform), by number. */
export function mapPositions(page: Page): Promise<Record<number, string>> {
  return page.locator('.react-flow__node').evaluateAll((nodes) =>
    Object.fromEntries(
      nodes.map((node) => [
        Number(node.querySelector('[data-testid="statement"]')?.getAttribute('data-number')),
        (node as HTMLElement).style.transform,
      ]),
    ),
  );
}

/** Waits until a layout's glide is over and positions stop changing. */
export async function waitForSettledLayout(page: Page): Promise<void> {
  await expect(page.locator('.map-canvas[data-animating]')).toHaveCount(0);
  let last = '';
  await expect
    .poll(async () => {
      const now = JSON.stringify(await mapPositions(page));
      const settled = now === last;
      last = now;
      return settled;
    })
    .toBe(true);
}

/** Waits until a layout has moved statements away from `before`, and they have settled. */
export async function waitForLayoutFrom(page: Page, before: Record<number, string>): Promise<void> {
  await expect.poll(async () => JSON.stringify(await mapPositions(page))).not.toBe(JSON.stringify(before));
  await waitForSettledLayout(page);
}

/** Creates a map from an export document through the API; returns its edit link. */
export async function importMap(page: Page, document: unknown): Promise<string> {
  const response = await page.request.post('/api/docs', { data: document });
  expect(response.status()).toBe(201);
  const { id, editToken, viewToken } = (await response.json()) as { id: string; editToken: string; viewToken: string };
  // As the app writes an edit link: it carries the view token too, for the Share dialog.
  return `/m/${id}#token=${editToken}&view=${viewToken}`;
}

/** A small export document: statements at given places (top-left), links by number. */
export function mapDocument(
  title: string,
  statements: readonly { text: string; x: number; y: number; valence?: string }[],
  links: readonly [number, number, ('+' | '-')?][],
): unknown {
  return {
    format: 'causal-map',
    version: 1,
    title,
    statements: statements.map((s, i) => ({
      id: `s${i + 1}`,
      number: i + 1,
      text: s.text,
      valence: s.valence ?? 'neutral',
      x: s.x,
      y: s.y,
      createdAt: 1_700_000_000_000 + i,
      createdBy: 'Test',
    })),
    links: links.map(([from, to, polarity], i) => ({
      id: `l${i + 1}`,
      from: `s${from}`,
      to: `s${to}`,
      polarity: polarity ?? '+',
      createdAt: 1_700_000_100_000 + i,
      createdBy: 'Test',
    })),
  };
}
