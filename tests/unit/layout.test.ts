import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import elkjs from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { analyseLoops } from '@causal-map/shared/analysis/loops';
import type { AnalysisInput, Polarity, Valence } from '@causal-map/shared/analysis/types';
import { boundsOf, boxesOverlap, centreOf, inflate, polylineCrossesBox, type Box, type Point, type StatementBox } from '@causal-map/shared/geometry/box';
import { arrangeLoopLayout } from '@causal-map/shared/layout/arrange-loop';
import { findFreeSpot, removeOverlaps } from '@causal-map/shared/layout/free-space';
import { loopCircle, mergeLoops } from '@causal-map/shared/layout/loop-circle';
import { tidyLayout } from '@causal-map/shared/layout/tidy';
import type { ElkEngine, LayoutInput, Positions } from '@causal-map/shared/layout/types';

// The real ELK, as the browser's worker runs it; typed as our engine to check it fits.
const elk: ElkEngine = new elkjs.default();

interface FixtureStatement { id: string; number: number; text: string; valence: Valence; x: number; y: number; deletedAt: number | null }
interface FixtureLink { id: string; from: string; to: string; polarity: Polarity; createdAt: number; createdBy: string; deletedAt: number | null }

const fixture = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8')) as {
  statements: FixtureStatement[];
  links: FixtureLink[];
};

/** The dementia case as drawn: 220 px wide boxes, taller for long text, all overlapping on a circle. */
function dementiaMap(pinned: Record<string, Point> = {}): LayoutInput {
  return {
    statements: fixture.statements.map((s) => ({
      id: s.id, width: 220, height: s.text.length > 40 ? 96 : 72, pinned: s.id in pinned, ...(pinned[s.id] ?? { x: s.x, y: s.y }),
    })),
    links: fixture.links.map((l) => ({ id: l.id, from: l.from, to: l.to })),
  };
}

function dementiaAnalysis(): AnalysisInput {
  return {
    statements: fixture.statements.map((s) => ({ id: s.id, number: s.number, valence: s.valence, deleted: s.deletedAt !== null })),
    links: fixture.links.map((l) => ({
      id: l.id, from: l.from, to: l.to, polarity: l.polarity, createdAt: l.createdAt, createdBy: l.createdBy, deleted: l.deletedAt !== null,
    })),
  };
}

/** Every statement where it ends up: its new place if it moved, else where it was. */
function after(input: LayoutInput, positions: Positions): StatementBox[] {
  return input.statements.map((s) => ({ id: s.id, width: s.width, height: s.height, ...(positions.get(s.id) ?? { x: s.x, y: s.y }) }));
}

/** Pairs of boxes closer than `margin` (overlapping ones included), as "a/b" strings. */
function tooClose(boxes: readonly StatementBox[], margin: number, skip: (a: StatementBox, b: StatementBox) => boolean = () => false): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i]!, boxes[j]!];
      if (!skip(a, b) && boxesOverlap(inflate(a, margin), b)) pairs.push(`${a.id}/${b.id}`);
    }
  }
  return pairs;
}

/** Clockwise angle of `point` around `centre`, from 12 o'clock; just left of 12 (whole pixels) is slightly negative. */
function clockAngle(centre: Point, point: Point): number {
  const angle = Math.atan2(point.x - centre.x, centre.y - point.y);
  return angle < -0.01 ? angle + 2 * Math.PI : angle;
}

/** True if `loop` appears in `order` in the same cyclic order (other ids may sit in between). */
function keepsCyclicOrder(loop: readonly string[], order: readonly string[]): boolean {
  const start = order.indexOf(loop[0]!);
  const rotated = [...order.slice(start), ...order.slice(0, start)];
  const places = loop.map((id) => rotated.indexOf(id));
  return places.every((place, i) => place >= 0 && (i === 0 || place > places[i - 1]!));
}

describe('tidy up', () => {
  it.each(['RIGHT', 'DOWN'] as const)('lays the dementia case out %s with room between statements and most arrows that way', async (direction) => {
    const input = dementiaMap();
    const boxes = after(input, await tidyLayout(elk, input, { direction }));
    expect(tooClose(boxes, 50)).toEqual([]);
    const byId = new Map(boxes.map((box) => [box.id, centreOf(box)]));
    const forward = input.links.filter((link) => {
      const [from, to] = [byId.get(link.from)!, byId.get(link.to)!];
      return direction === 'RIGHT' ? to.x > from.x : to.y > from.y;
    });
    // 16 links in 5 loops: ELK turns one arrow per loop back at least, never more than a few.
    expect(forward.length).toBeGreaterThanOrEqual(12);
  });

  it('wraps a long chain of causes to the shape of the screen, still with room between statements', async () => {
    const input = dementiaMap();
    const plain = boundsOf(after(input, await tidyLayout(elk, input, { direction: 'RIGHT' })))!;
    const boxes = after(input, await tidyLayout(elk, input, { direction: 'RIGHT', aspectRatio: 1.5 }));
    const wrapped = boundsOf(boxes)!;
    expect(tooClose(boxes, 50)).toEqual([]);
    // Unwrapped the dementia chain is many times wider than tall; wrapped it is near the screen's shape.
    expect(plain.width / plain.height).toBeGreaterThan(5);
    expect(wrapped.width / wrapped.height).toBeGreaterThan(0.75);
    expect(wrapped.width / wrapped.height).toBeLessThan(3);
  });

  it('keeps the map where it was (its top-left corner) when nothing is pinned', async () => {
    const input = dementiaMap();
    const boxes = after(input, await tidyLayout(elk, input, { direction: 'RIGHT' }));
    expect(Math.min(...boxes.map((box) => box.x))).toBe(Math.min(...input.statements.map((s) => s.x)));
    expect(Math.min(...boxes.map((box) => box.y))).toBe(Math.min(...input.statements.map((s) => s.y)));
  });

  it('leaves pinned statements exactly where they are and moves the others off them', async () => {
    const free = after(dementiaMap(), await tidyLayout(elk, dementiaMap(), { direction: 'RIGHT' }));
    const tidied = new Map(free.map((box) => [box.id, { x: box.x, y: box.y }]));
    // Pin s04 exactly where the tidy layout puts s06, and s10 as far the other way, so the
    // layout is not shifted as a whole (pins line up on average) and s06 is in s04's way.
    const [s04, s06, s10] = [tidied.get('s04')!, tidied.get('s06')!, tidied.get('s10')!];
    const pins = { s04: s06, s10: { x: s10.x - (s06.x - s04.x), y: s10.y - (s06.y - s04.y) } };
    const input = dementiaMap(pins);
    const positions = await tidyLayout(elk, input, { direction: 'RIGHT' });

    expect(positions.has('s04')).toBe(false);
    expect(positions.has('s10')).toBe(false);
    const boxes = after(input, positions);
    expect(boxes.find((box) => box.id === 's04')).toMatchObject(pins.s04);
    expect(positions.get('s06')).not.toEqual(s06);
    expect(tooClose(boxes, 20)).toEqual([]);
    // Statements not in a pinned one's way keep their tidied places (within rounding).
    const kept = boxes.filter((box) => !(box.id in pins) && Math.hypot(box.x - tidied.get(box.id)!.x, box.y - tidied.get(box.id)!.y) <= 1);
    expect(kept.length).toBeGreaterThanOrEqual(8);
  });

  it('gives the same answer for the same map', async () => {
    const input = dementiaMap({ s07: { x: 0, y: 0 } });
    const first = await tidyLayout(elk, input, { direction: 'DOWN' });
    const second = await tidyLayout(elk, dementiaMap({ s07: { x: 0, y: 0 } }), { direction: 'DOWN' });
    expect([...second]).toEqual([...first]);
  });

  it('never leaves an overlap, whatever is pinned (random maps)', async () => {
    await fc.assert(
      fc.asyncProperty(randomMap(), async (input) => {
        const positions = await tidyLayout(elk, input, { direction: 'RIGHT' });
        const boxes = after(input, positions);
        for (const s of input.statements) if (s.pinned) expect(positions.has(s.id)).toBe(false);
        const pinned = new Set(input.statements.filter((s) => s.pinned).map((s) => s.id));
        expect(tooClose(boxes, 20, (a, b) => pinned.has(a.id) && pinned.has(b.id))).toEqual([]);
      }),
      { numRuns: 15, seed: 20_251_121 },
    );
  });
});

/** Up to 25 statements of two sizes, random links, some pinned, placed in a small area. */
function randomMap(): fc.Arbitrary<LayoutInput> {
  return fc.integer({ min: 1, max: 25 }).chain((count) =>
    fc.record({
      statements: fc.tuple(...Array.from({ length: count }, (_, i) => fc.record({
        id: fc.constant(`s${i}`),
        x: fc.integer({ min: -500, max: 500 }),
        y: fc.integer({ min: -500, max: 500 }),
        width: fc.constantFrom(220, 160),
        height: fc.constantFrom(72, 96),
        pinned: fc.integer({ min: 0, max: 3 }).map((n) => n === 0), // about one in four
      }))),
      links: fc.array(fc.tuple(fc.nat(count - 1), fc.nat(count - 1)), { maxLength: 2 * count }).map((pairs) =>
        pairs.map(([from, to], i) => ({ id: `l${i}`, from: `s${from}`, to: `s${to}` }))),
    }),
  );
}

describe('free space', () => {
  // A 6×6 grid of statements 40 px apart, with gaps where one statement fits with its margin;
  // two of the gaps (3,2 and 4,4) have a link drawn through them.
  const gaps = new Set(['3,2', '2,3', '4,1', '4,4']);
  const grid: Box[] = [];
  for (let column = 0; column < 6; column++) {
    for (let row = 0; row < 6; row++) {
      if (!gaps.has(`${column},${row}`)) grid.push({ x: column * 260, y: row * 112, width: 220, height: 72 });
    }
  }
  const links: Point[][] = [
    [{ x: 890, y: 184 }, { x: 890, y: 336 }], // down through the gap at 3,2
    [{ x: 1000, y: 408 }, { x: 1120, y: 470 }, { x: 1300, y: 560 }], // across the gap at 4,4
  ];
  const size = { width: 220, height: 72 };

  const isFree = (boxes: readonly Box[], spot: Point, margin = 24) => {
    const grown = inflate({ ...spot, ...size }, margin);
    return !boxes.some((box) => boxesOverlap(grown, box)) && !links.some((link) => polylineCrossesBox(link, grown));
  };

  it('places five statements in a row near the asked place, on no statement and no link', () => {
    const near = { x: 780, y: 224 }; // the gap with a link through it
    const boxes = [...grid];
    for (let i = 0; i < 5; i++) {
      const spot = findFreeSpot(boxes, links, size, near);
      expect(isFree(boxes, spot)).toBe(true);
      const distance = Math.hypot(spot.x - near.x, spot.y - near.y);
      // First the two free gaps next to the asked place, then just above the grid.
      expect(distance).toBeLessThan(450);
      // And no place on the 8 px search grid nearer than it is free.
      for (let i = -50; i <= 50; i++) {
        for (let j = -50; j <= 50; j++) {
          if (Math.hypot(i, j) * 8 < distance - 1e-9) expect(isFree(boxes, { x: near.x + 8 * i, y: near.y + 8 * j })).toBe(false);
        }
      }
      boxes.push({ ...spot, ...size });
    }
    // The first two go into the free gaps, inside the grid.
    const inside = boxes.slice(grid.length).filter((box) => box.y > 0 && box.y < 5 * 112);
    expect(inside).toHaveLength(2);
  });

  it('returns the asked place itself when it is free, and keeps the margin asked for', () => {
    expect(findFreeSpot(grid, links, size, { x: -400, y: 0 })).toEqual({ x: -400, y: 0 });
    const spot = findFreeSpot(grid, [], size, { x: 0, y: 0 }, { margin: 60 });
    expect(grid.some((box) => boxesOverlap(inflate({ ...spot, ...size }, 60), box))).toBe(false);
  });

  it('moves only the statements in the way, never a fixed one (random boxes)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 800 }), y: fc.integer({ min: 0, max: 800 }), fixed: fc.boolean() }), { minLength: 1, maxLength: 40 }),
        (drawn) => {
          const boxes = drawn.map((d, i) => ({ id: `s${i}`, x: d.x, y: d.y, width: 220, height: 72 }));
          const fixed = new Set(boxes.filter((_, i) => drawn[i]!.fixed).map((box) => box.id));
          const moved = removeOverlaps(boxes, fixed, links);
          const result = boxes.map((box) => ({ ...box, ...(moved.get(box.id) ?? {}) }));
          for (const id of fixed) expect(moved.has(id)).toBe(false);
          expect(tooClose(result, 24, (a, b) => fixed.has(a.id) && fixed.has(b.id))).toEqual([]);
          for (const id of moved.keys()) expect(links.some((link) => polylineCrossesBox(link, inflate(result.find((box) => box.id === id)!, 24)))).toBe(false);
          // A box clear of everything before stays put.
          boxes.forEach((box, i) => {
            const others = boxes.filter((_, j) => j !== i);
            const clear = !others.some((other) => boxesOverlap(inflate(box, 24), other)) && !links.some((link) => polylineCrossesBox(link, inflate(box, 24)));
            if (clear) expect(moved.has(box.id)).toBe(false);
          });
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('loops on a circle', () => {
  const sizes = new Map(dementiaMap().statements.map((s) => [s.id, { width: s.width, height: s.height }]));
  const vicious = analyseLoops(dementiaAnalysis()).loops.filter((loop) => loop.character === 'vicious').map((loop) => loop.statementIds);

  it('puts a loop clockwise in arrow order from 12 o\'clock, no two boxes overlapping', () => {
    const loop = vicious[0]!;
    const centre = { x: 100, y: -50 };
    const positions = loopCircle(loop, sizes, centre);
    const boxes = loop.map((id) => ({ id, ...positions.get(id)!, ...sizes.get(id)! }));
    const angles = boxes.map((box) => clockAngle(centre, centreOf(box)));
    expect(angles[0]).toBeCloseTo(0, 2);
    for (let i = 1; i < angles.length; i++) expect(angles[i]!).toBeGreaterThan(angles[i - 1]!);
    expect(tooClose(boxes, 40)).toEqual([]);
    // Just large enough: at 85% of the radius two boxes would come within the margin.
    const radius = Math.hypot(centreOf(boxes[0]!).x - centre.x, centreOf(boxes[0]!).y - centre.y);
    const smaller = boxes.map((box) => {
      const c = centreOf(box);
      return { ...box, x: centre.x + (c.x - centre.x) * 0.85 - box.width / 2, y: centre.y + (c.y - centre.y) * 0.85 - box.height / 2 };
    });
    expect(radius).toBeGreaterThan(200);
    expect(tooClose(smaller, 40)).not.toEqual([]);
  });

  it('merges the three vicious loops into one order that keeps each loop\'s arrow order', () => {
    expect(vicious).toHaveLength(3);
    const merged = mergeLoops(vicious);
    expect(new Set(merged)).toEqual(new Set(vicious.flat()));
    expect(merged).toHaveLength(new Set(vicious.flat()).size);
    for (const loop of vicious) expect(keepsCyclicOrder(loop, merged)).toBe(true);
    expect(mergeLoops([['a', 'b'], ['c', 'd']])).toEqual(['a', 'b', 'c', 'd']);
  });

  it('arranges the vicious loops on a circle around where they were, the rest around it', async () => {
    const input = dementiaMap();
    const positions = await arrangeLoopLayout(elk, input, vicious);
    const boxes = after(input, positions);
    const byId = new Map(boxes.map((box) => [box.id, box]));
    const order = mergeLoops(vicious);
    const was = order.map((id) => centreOf(input.statements.find((s) => s.id === id)!));
    const centre = { x: was.reduce((sum, p) => sum + p.x, 0) / was.length, y: was.reduce((sum, p) => sum + p.y, 0) / was.length };
    const radius = expectOnCircle(order, byId, centre);
    expect(tooClose(boxes, 20)).toEqual([]);
    const others = boxes.filter((box) => !order.includes(box.id));
    expect(others.map((box) => box.id)).toEqual(['s10', 's11', 's12']);
    for (const box of others) {
      // The middle of the circle stays empty (for the loop's name)...
      const nearest = { x: Math.max(box.x, Math.min(centre.x, box.x + box.width)), y: Math.max(box.y, Math.min(centre.y, box.y + box.height)) };
      expect(Math.hypot(nearest.x - centre.x, nearest.y - centre.y)).toBeGreaterThan(radius - 1);
      // ...and no statement sits on a loop's arrow.
      for (const loop of vicious) {
        loop.forEach((id, i) => {
          const arrow = [centreOf(byId.get(id)!), centreOf(byId.get(loop[(i + 1) % loop.length]!)!)];
          expect(polylineCrossesBox(arrow, box)).toBe(false);
        });
      }
    }
  });

  it('leaves statements far from the loop where they are', async () => {
    const input = dementiaMap();
    const far = ['f1', 'f2', 'f3'].map((id, i) => ({ id, x: 5000 + 300 * i, y: 3000, width: 220, height: 72, pinned: false }));
    input.statements.push(...far);
    input.links.push({ id: 'lf1', from: 'f1', to: 'f2' }, { id: 'lf2', from: 'f2', to: 'f3' }, { id: 'lf3', from: 's12', to: 'f1' });
    const positions = await arrangeLoopLayout(elk, input, [vicious[0]!]);
    expect(positions.has('s01')).toBe(true);
    // f1 is two links from the loop (via s12): held where it is, as is everything beyond.
    for (const id of ['f1', 'f2', 'f3']) expect(positions.has(id)).toBe(false);
  });

  it('keeps pinned statements, on the loop or not, and draws the circle from the others', async () => {
    const input = dementiaMap({ s03: { x: 500, y: 500 }, s12: { x: 40, y: -30 } });
    const positions = await arrangeLoopLayout(elk, input, vicious);
    expect(positions.has('s03')).toBe(false);
    expect(positions.has('s12')).toBe(false);
    const boxes = after(input, positions);
    const byId = new Map(boxes.map((box) => [box.id, box]));
    const order = mergeLoops(vicious);
    const was = order.map((id) => centreOf(input.statements.find((s) => s.id === id)!));
    const centre = { x: was.reduce((sum, p) => sum + p.x, 0) / was.length, y: was.reduce((sum, p) => sum + p.y, 0) / was.length };
    expectOnCircle(order.filter((id) => id !== 's03'), byId, centre);
    expect(tooClose(boxes, 20)).toEqual([]);
    // Deterministic, as the tidy layout.
    expect([...(await arrangeLoopLayout(elk, input, vicious))]).toEqual([...positions]);
  });
});

/** The statements' centres lie on one circle around `centre`, clockwise in order from the top; returns its radius. */
function expectOnCircle(order: readonly string[], byId: ReadonlyMap<string, Box>, centre: Point): number {
  const centres = order.map((id) => centreOf(byId.get(id)!));
  const radii = centres.map((c) => Math.hypot(c.x - centre.x, c.y - centre.y));
  for (const radius of radii) expect(Math.abs(radius - radii[0]!)).toBeLessThanOrEqual(1.5);
  const angles = centres.map((c) => clockAngle(centre, c));
  expect(Math.abs(angles[0]!)).toBeLessThan(0.01);
  for (let i = 1; i < angles.length; i++) expect(angles[i]!).toBeGreaterThan(angles[i - 1]!);
  return radii[0]!;
}
