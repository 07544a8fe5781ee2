import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  distanceToBox,
  inflate,
  polylineCrossesBox,
  segmentCrossesBox,
  segmentsIntersect,
  type Box,
  type Point,
  type StatementBox,
} from '@causal-map/shared/geometry/box';
import { createLinkRouter, dragRoute, routeCrossesOtherBoxes, type LinkEnds, type Route } from '@causal-map/shared/geometry/route';
import { mulberry32, randomInt } from './helpers/random.js';

const SEED = 20_251_122;
const CLEARANCE = 20;
const MARKER_RADIUS = 9;
const ARROW_GAP = 4;

const box = (id: string, x: number, y: number, width = 220, height = 80): StatementBox => ({ id, x, y, width, height });
const link = (id: string, from: string, to: string, twoWay = false): LinkEnds => ({ id, from, to, twoWay });
const strictlyInside = (b: Box, p: Point) => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;

function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy);
}

/** The drawn path, flattened: straight pieces as they are, each quadratic curve as 16 chords. */
function flattenPath(path: string): Point[] {
  const tokens = path.trim().split(/\s+/);
  const points: Point[] = [];
  for (let i = 0; i < tokens.length; ) {
    const command = tokens[i++];
    const read = (): Point => ({ x: Number(tokens[i++]), y: Number(tokens[i++]) });
    if (command === 'M' || command === 'L') points.push(read());
    else if (command === 'Q') {
      const start = points[points.length - 1]!;
      const control = read();
      const end = read();
      for (let k = 1; k <= 16; k++) {
        const t = k / 16;
        const a = (1 - t) * (1 - t);
        const b = 2 * t * (1 - t);
        points.push({ x: a * start.x + b * control.x + t * t * end.x, y: a * start.y + b * control.y + t * t * end.y });
      }
    } else throw new Error(`unexpected path command ${command}`);
  }
  return points;
}

/** Everything a drawn route must satisfy; returns the first problem found, or null. */
function problemWith(route: Route, ends: LinkEnds, boxes: readonly StatementBox[]): string | null {
  const from = boxes.find((b) => b.id === ends.from)!;
  const to = boxes.find((b) => b.id === ends.to)!;
  const { points, marker } = route;
  if (points.length < 2) return 'fewer than 2 points';
  if (!points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))) return 'non-finite point';
  if (routeCrossesOtherBoxes(route, boxes, ends.from, ends.to)) return 'crosses a statement it does not join';
  const others = boxes.filter((b) => b.id !== ends.from && b.id !== ends.to);
  // Path coordinates are rounded to 0.1 px, so allow that much inside another box's edge.
  if (others.some((b) => polylineCrossesBox(flattenPath(route.path), inflate(b, -0.1)))) return 'drawn curve crosses a statement';
  const start = points[0]!;
  if (strictlyInside(inflate(from, -1e-6), start) || distanceToBox(start, from) > 1e-6) return 'does not start on the source border';
  const tip = points[points.length - 1]!;
  if (strictlyInside(inflate(to, -1e-6), tip) || distanceToBox(tip, to) > ARROW_GAP + 1e-6) return 'does not end just before the target border';
  if (boxes.some((b) => distanceToBox(marker, b) < MARKER_RADIUS - 1e-6)) return 'marker overlaps a statement';
  if (distanceToSegment(marker, points[points.length - 2]!, tip) > 1e-6) return 'marker is not on the last segment';
  return null;
}

describe('geometry checks', () => {
  const square = box('s', 100, 100, 100, 100);

  it('detects a segment running through a box', () => {
    expect(segmentCrossesBox({ x: 0, y: 150 }, { x: 300, y: 150 }, square)).toBe(true);
    expect(segmentCrossesBox({ x: 120, y: 0 }, { x: 180, y: 300 }, square)).toBe(true);
    expect(segmentCrossesBox({ x: 150, y: 150 }, { x: 400, y: 400 }, square)).toBe(true); // starts inside
  });

  it('does not count touching an edge or a corner as crossing', () => {
    expect(segmentCrossesBox({ x: 0, y: 100 }, { x: 300, y: 100 }, square)).toBe(false); // along the top edge
    expect(segmentCrossesBox({ x: 200, y: 0 }, { x: 200, y: 300 }, square)).toBe(false); // along the right edge
    expect(segmentCrossesBox({ x: 0, y: 200 }, { x: 200, y: 0 }, square)).toBe(false); // through the corner only
    expect(segmentCrossesBox({ x: 0, y: 50 }, { x: 300, y: 50 }, square)).toBe(false); // passes above
  });

  it('checks every segment of a polyline', () => {
    const around = [{ x: 0, y: 150 }, { x: 80, y: 80 }, { x: 220, y: 80 }, { x: 300, y: 150 }];
    expect(polylineCrossesBox(around, square)).toBe(false);
    expect(polylineCrossesBox([...around, { x: 150, y: 150 }], square)).toBe(true);
    expect(polylineCrossesBox(around, inflate(square, 30))).toBe(true);
  });
});

describe('link routes', () => {
  it('stays straight from border to border when nothing is in the way', () => {
    const boxes = [box('a', 0, 0), box('b', 400, 0)];
    const route = createLinkRouter().route(boxes, [link('l', 'a', 'b')]).get('l')!;
    expect(route.points).toEqual([{ x: 220, y: 40 }, { x: 400 - ARROW_GAP, y: 40 }]);
    expect(route.marker).toEqual({ x: 400 - ARROW_GAP - 34, y: 40 });
    expect(route.path).toBe('M 220 40 L 396 40');
  });

  it('goes around a statement in the way, keeping the clearance, with the marker in clear space', () => {
    const boxes = [box('a', 0, 0), box('c', 320, 10), box('b', 640, 0)];
    const ends = link('l', 'a', 'b');
    const route = createLinkRouter({ clearance: CLEARANCE }).route(boxes, [ends]).get('l')!;
    expect(routeCrossesOtherBoxes({ ...route, points: [{ x: 0, y: 40 }, { x: 860, y: 40 }] }, boxes, 'a', 'b')).toBe(true);
    expect(route.points.length).toBeGreaterThan(2);
    expect(polylineCrossesBox(route.points, inflate(boxes[1]!, CLEARANCE - 1e-6))).toBe(false);
    expect(problemWith(route, ends, boxes)).toBeNull();
    expect(route.path).toMatch(/^M [\d.-]+ [\d.-]+ L .* Q .* L [\d.-]+ [\d.-]+$/);
  });

  it('draws the two links of a two-way pair apart, straight or routed', () => {
    for (const boxes of [[box('a', 0, 0), box('b', 500, 60)], [box('a', 0, 0), box('c', 320, 10), box('b', 640, 0)]]) {
      const links = [link('ab', 'a', 'b', true), link('ba', 'b', 'a', true)];
      const routes = createLinkRouter().route(boxes, links);
      const there = routes.get('ab')!;
      const back = routes.get('ba')!;
      expect(problemWith(there, links[0]!, boxes)).toBeNull();
      expect(problemWith(back, links[1]!, boxes)).toBeNull();
      for (let i = 1; i < there.points.length; i++) {
        for (let k = 1; k < back.points.length; k++) {
          expect(segmentsIntersect(there.points[i - 1]!, there.points[i]!, back.points[k - 1]!, back.points[k]!)).toBe(false);
        }
      }
      // Each runs about 8 px to its own right of the shared centre line: 16 px apart.
      const middle = there.points[Math.floor(there.points.length / 2)]!;
      const nearest = Math.min(...back.points.slice(1).map((p, k) => distanceToSegment(middle, back.points[k]!, p)));
      expect(nearest).toBeGreaterThan(12);
    }
  });

  it('moves apart links that bend at the same corner', () => {
    const boxes = [box('a', 0, 0), box('a2', 0, -140), box('c', 320, 10), box('b', 640, 0), box('b2', 640, -140)];
    const routes = createLinkRouter().route(boxes, [link('l1', 'a', 'b'), link('l2', 'a2', 'b')]);
    const corners = (id: string) => routes.get(id)!.points.slice(1, -1).map((p) => `${p.x},${p.y}`);
    expect(corners('l1').filter((corner) => corners('l2').includes(corner))).toEqual([]);
  });

  it('leaves out links to missing statements and survives statements piled on each other', () => {
    const boxes = [box('a', 0, 0), box('b', 10, 10), box('c', 20, 5), box('d', 0, 0), box('e', 500, 0)];
    const links = [link('1', 'a', 'b'), link('2', 'b', 'a', true), link('3', 'a', 'e'), link('4', 'c', 'd'), link('5', 'a', 'gone'), link('6', 'e', 'e')];
    const routes = createLinkRouter().route(boxes, links);
    expect([...routes.keys()].sort()).toEqual(['1', '2', '3', '4', '6']);
    for (const route of routes.values()) {
      expect(route.points.length).toBeGreaterThanOrEqual(2);
      expect(route.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))).toBe(true);
      expect(route.path).not.toMatch(/NaN/);
    }
  });
});

/** Statements on a grid with jitter and empty cells; every gap at least `minGap` px. */
const layoutArbitrary = (minGap: number, maxExtra: number) =>
  fc
    .record({
      count: fc.integer({ min: 5, max: 40 }),
      extraX: fc.integer({ min: 0, max: maxExtra }),
      extraY: fc.integer({ min: 0, max: maxExtra }),
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      linksPerBox: fc.double({ min: 0.5, max: 3, noNaN: true }),
    })
    .map(({ count, extraX, extraY, seed, linksPerBox }) => {
      const random = mulberry32(seed);
      const columns = Math.ceil(Math.sqrt(count * 1.6));
      const cells = Array.from({ length: columns * Math.ceil((count * 1.6) / columns) }, (_, i) => i);
      for (let i = cells.length - 1; i > 0; i--) {
        const k = randomInt(random, i + 1);
        [cells[i], cells[k]] = [cells[k]!, cells[i]!];
      }
      const jitter = (extra: number) => Math.round((random() - 0.5) * extra);
      const boxes = cells.slice(0, count).map((cell, i) =>
        box(`s${i}`, (cell % columns) * (220 + minGap + extraX) + jitter(extraX), Math.floor(cell / columns) * (120 + minGap + extraY) + jitter(extraY), 220, 72 + randomInt(random, 49)));
      const pairs = new Set<string>();
      const ends: [number, number][] = [];
      for (let i = 0; i < Math.round(count * linksPerBox); i++) {
        const from = randomInt(random, count);
        const to = randomInt(random, count);
        if (from === to || pairs.has(`${from} ${to}`)) continue;
        pairs.add(`${from} ${to}`);
        ends.push([from, to]);
        if (random() < 0.15 && !pairs.has(`${to} ${from}`)) {
          pairs.add(`${to} ${from}`);
          ends.push([to, from]);
        }
      }
      const links = ends.map(([from, to], i) => link(`l${i}`, `s${from}`, `s${to}`, pairs.has(`${to} ${from}`)));
      return { boxes, links };
    });

describe('links of a statement being dragged', () => {
  it('run straight from border to border, the sign near the head, and the two of a pair apart', () => {
    const a = box('a', 0, 0);
    const b = box('b', 500, 300);
    const route = dragRoute(a, b, false);
    expect(route.points).toHaveLength(2);
    const [start, tip] = route.points as [Point, Point];
    // Leaves a on its border, stops ARROW_GAP short of b's border, on the line between centres.
    expect(Math.min(Math.abs(start.x - 220), Math.abs(start.y - 80))).toBeLessThan(1e-6);
    expect(distanceToBox(tip, b)).toBeGreaterThan(0);
    expect(distanceToBox(tip, b)).toBeLessThanOrEqual(ARROW_GAP);
    expect(distanceToSegment(route.marker, start, tip)).toBeLessThan(1e-6);
    expect(Math.hypot(route.marker.x - tip.x, route.marker.y - tip.y)).toBeCloseTo(34, 0);
    expect(route.path).toMatch(/^M [\d.]+ [\d.]+ L [\d.]+ [\d.]+$/);

    // Two-way: each on its own side of the line between centres.
    const there = dragRoute(a, b, true);
    const back = dragRoute(b, a, true);
    const side = (p: Point) => Math.sign((500 + 110 - 110) * (p.y - 40) - (300 + 40 - 40) * (p.x - 110));
    expect(side(there.marker)).not.toBe(0);
    expect(side(back.marker)).toBe(-side(there.marker));

    // A statement linked to itself keeps its loop.
    expect(dragRoute(a, a, false).points.length).toBeGreaterThan(2);
  });
});

describe('routing random maps (property)', () => {
  it('never crosses a statement, keeps markers clear, starts and ends on the right borders', () => {
    fc.assert(
      fc.property(layoutArbitrary(40, 140), ({ boxes, links }) => {
        const routes = createLinkRouter({ clearance: CLEARANCE }).route(boxes, links);
        expect(routes.size).toBe(links.length);
        for (const ends of links) {
          const problem = problemWith(routes.get(ends.id)!, ends, boxes);
          if (problem !== null) throw new Error(`${ends.from} → ${ends.to}: ${problem}`);
        }
        for (const ends of links.filter((l) => l.twoWay)) {
          const there = routes.get(ends.id)!.points;
          const back = routes.get(links.find((l) => l.from === ends.to && l.to === ends.from)!.id)!.points;
          for (let i = 1; i < there.length; i++) {
            for (let k = 1; k < back.length; k++) expect(segmentsIntersect(there[i - 1]!, there[i]!, back[k - 1]!, back[k]!)).toBe(false);
          }
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('never crosses a statement on tightly packed maps either (gaps down to 2 px; less clearance there)', () => {
    fc.assert(
      fc.property(layoutArbitrary(2, 30), ({ boxes, links }) => {
        const routes = createLinkRouter({ clearance: CLEARANCE }).route(boxes, links);
        for (const ends of links) expect(routeCrossesOtherBoxes(routes.get(ends.id)!, boxes, ends.from, ends.to)).toBe(false);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('after statements move, gives exactly what routing from scratch gives, and keeps untouched routes', () => {
    const moveArbitrary = fc.array(fc.record({ pick: fc.nat(), dx: fc.integer({ min: -400, max: 400 }), dy: fc.integer({ min: -300, max: 300 }), jump: fc.boolean() }), { minLength: 1, maxLength: 8 });
    let kept = 0;
    let untouched = 0;
    fc.assert(
      fc.property(layoutArbitrary(40, 140), moveArbitrary, ({ boxes, links }, moves) => {
        const router = createLinkRouter({ clearance: CLEARANCE });
        let current = boxes;
        let before = router.route(current, links);
        for (const { pick, dx, dy, jump } of moves) {
          const index = pick % current.length;
          const old = current[index]!;
          const moved = jump ? { ...old, x: old.x + dx, y: old.y + dy } : { ...old, x: old.x + Math.sign(dx) * 7, y: old.y + Math.sign(dy) * 5 };
          current = current.map((b, i) => (i === index ? moved : b));
          const after = router.route(current, links);
          const scratch = createLinkRouter({ clearance: CLEARANCE }).route(current, links);
          expect([...after.keys()].sort()).toEqual([...scratch.keys()].sort());
          for (const [id, route] of scratch) expect(after.get(id)!.points).toEqual(route.points);
          // A straight link nowhere near the moved statement must keep its Route object.
          const near = [inflate(old, CLEARANCE + 40), inflate(moved, CLEARANCE + 40)];
          for (const ends of links) {
            const previous = before.get(ends.id)!;
            if (ends.from === old.id || ends.to === old.id || previous.points.length !== 2) continue;
            const area = [current.find((b) => b.id === ends.from)!, current.find((b) => b.id === ends.to)!];
            const xs = area.flatMap((b) => [b.x, b.x + b.width]);
            const ys = area.flatMap((b) => [b.y, b.y + b.height]);
            const bounds = { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
            if (near.some((n) => n.x <= bounds.x + bounds.width && bounds.x <= n.x + n.width && n.y <= bounds.y + bounds.height && bounds.y <= n.y + n.height)) continue;
            untouched++;
            expect(after.get(ends.id)).toBe(previous);
            kept++;
          }
          before = after;
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(untouched).toBeGreaterThan(100);
    expect(kept).toBe(untouched);
  });
});
