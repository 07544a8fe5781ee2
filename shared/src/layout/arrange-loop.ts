// "Arrange this loop": the loop (or several loops that share statements) drawn as a circle in
// arrow order where its statements are now, and the rest of the map fitted around it.
//
// The loop's direct causes and effects go by ELK's stress layout with the circle held fixed
// rather than by a layered layout beside the circle: stress keeps every statement close to the
// ones it is linked to, so a statement feeding the loop sits next to the loop statement it
// feeds and its arrow stays short, where a layered block beside the circle would send arrows
// across the map. Statements further away keep their places unless they are in the way (on a
// box, on a loop arrow or inside the circle, whose middle stays empty for the loop's name): the
// command arranges one loop, not the whole map, and stress over a whole large map is slow
// (18 s at 1,000 statements in node).
//
// A pinned statement on the loop stays where it is and the circle is drawn from the loop's
// other statements, still in arrow order and without a gap: a pinned statement far away would
// otherwise leave a hole in the circle. The circle's centre is the centroid of all the loop's
// statements, pinned ones included, so it stays near them, and it grows (up to twice its
// size) until it clears every pinned statement; failing that, the circle statement in a pinned
// one's way moves to the nearest free place.

import { boxesOverlap, centreOf, inflate, type Box, type Point, type StatementBox } from '../geometry/box.js';
import { layoutEdges, runElk, type ElkExtras } from './elk-graph.js';
import { movedStatements, removeOverlaps } from './free-space.js';
import { loopCircle, loopCircleRadius, mergeLoops } from './loop-circle.js';
import type { ElkEngine, LayoutInput, LayoutStatement, Positions } from './types.js';

/** Clear space around the circle's boxes and around everything else. */
export interface ArrangeLoopOptions {
  /** space between boxes on the circle, in px; default 60 */
  circleMargin?: number;
  /** space kept around every other statement, in px; default 24 */
  margin?: number;
}

/**
 * New places for the statements: `loops` (statement ids in arrow order, merged into one circle
 * if several) clockwise from 12 o'clock on a circle around their centroid, pinned statements
 * where they are, and the rest laid out around the circle with no overlaps. Returns only the
 * statements that move.
 */
export async function arrangeLoopLayout(
  elk: ElkEngine,
  input: LayoutInput,
  loops: readonly (readonly string[])[],
  options: ArrangeLoopOptions = {},
): Promise<Positions> {
  const { statements } = input;
  const margin = options.margin ?? 24;
  const byId = new Map(statements.map((statement) => [statement.id, statement]));
  const order = mergeLoops(loops).filter((id) => byId.has(id));
  if (order.length === 0) return new Map();

  const centres = order.map((id) => centreOf(byId.get(id)!));
  const centre = { x: mean(centres.map((point) => point.x)), y: mean(centres.map((point) => point.y)) };
  const pinned = statements.filter((statement) => statement.pinned);
  const circleIds = order.filter((id) => !byId.get(id)!.pinned);
  const { circle, radius } = clearCircle(circleIds, byId, centre, pinned, options.circleMargin ?? 60, margin);

  const target = new Map<string, Point>(circle);
  for (const statement of pinned) target.set(statement.id, { x: statement.x, y: statement.y });
  const places = await layoutNeighbours(elk, input, target, order, { centre, radius, ids: circleIds });

  const boxes: StatementBox[] = statements.map((statement, index) => ({
    id: statement.id, ...places[index]!, width: statement.width, height: statement.height,
  }));
  // A circle statement that could not clear a pinned one is the one left free to move.
  const fixed = new Set(pinned.map((statement) => statement.id));
  for (const id of circleIds) {
    const box = { ...byId.get(id)!, ...circle.get(id)! };
    if (!pinned.some((other) => boxesOverlap(inflate(box, margin), other))) fixed.add(id);
  }
  // Nothing may sit on the loops' own arrows, drawn here as straight lines between centres.
  const centreOfId = new Map(boxes.map((box) => [box.id, centreOf(box)]));
  const arrows = loops.flatMap((loop) => loop.flatMap((id, i) => {
    const from = centreOfId.get(id);
    const to = centreOfId.get(loop[(i + 1) % loop.length]!);
    return from !== undefined && to !== undefined ? [[from, to]] : [];
  }));
  // The middle of the circle stays empty, for the loop's name, as loops are usually drawn.
  const movedOff = removeOverlaps(boxes, fixed, arrows, { margin, keepClear: disc(centre, radius) });
  return movedStatements(statements, movedOff, (index) => places[index]!);
}

/** The circle for `ids`, grown step by step (up to twice its size) until it clears the pinned boxes. */
function clearCircle(
  ids: readonly string[],
  byId: ReadonlyMap<string, LayoutStatement>,
  centre: Point,
  pinned: readonly Box[],
  circleMargin: number,
  margin: number,
): { circle: Positions; radius: number } {
  const smallest = loopCircleRadius(ids, byId, circleMargin);
  const growth = Math.max(40, smallest / 8);
  for (let step = 0; step <= 8; step++) {
    const radius = smallest + step * growth;
    const circle = loopCircle(ids, byId, centre, { margin: circleMargin, radius });
    const clear = ids.every((id) => {
      const box = inflate({ ...byId.get(id)!, ...circle.get(id)! }, margin);
      return !pinned.some((other) => boxesOverlap(box, other));
    });
    if (clear) return { circle, radius };
  }
  return { circle: loopCircle(ids, byId, centre, { margin: circleMargin, radius: smallest }), radius: smallest };
}

/** The disc inside the circle as 16 horizontal strips, each as wide as the disc within it. */
function disc(centre: Point, radius: number): Box[] {
  const strips = 16;
  const height = (2 * radius) / strips;
  return Array.from({ length: strips }, (_, i) => {
    const top = -radius + i * height;
    const nearest = Math.min(Math.abs(top), Math.abs(top + height), top < 0 && top + height > 0 ? 0 : Infinity);
    const half = Math.sqrt(Math.max(0, radius * radius - nearest * nearest));
    return { x: centre.x - half, y: centre.y + top, width: 2 * half, height };
  });
}

// How far from the loop statements are rearranged: its direct causes and effects. Statements
// one link further are held where they are, so each neighbour settles between the loop and the
// rest of what it is linked to; everything further away stays put unless the circle lands on it.
const ARRANGED_HOPS = 1;

/**
 * Current places, with the loop's neighbours moved by ELK's stress layout around the `target`
 * statements (the circle and the pinned ones) held at their targets. Stress costs grow with
 * the square of the statements laid out, so only the loop's surroundings go to ELK.
 */
async function layoutNeighbours(
  elk: ElkEngine,
  input: LayoutInput,
  target: ReadonlyMap<string, Point>,
  loop: readonly string[],
  circle: { centre: Point; radius: number; ids: readonly string[] },
): Promise<Point[]> {
  const { statements } = input;
  const places = statements.map((statement) => target.get(statement.id) ?? { x: statement.x, y: statement.y });
  const indexOf = new Map(statements.map((statement, index) => [statement.id, index]));
  const edges = layoutEdges(input.links, indexOf);
  const hops = linkDistances(statements.length, edges, loop.map((id) => indexOf.get(id)!), ARRANGED_HOPS + 1);
  const held = (index: number) => target.has(statements[index]!.id) || hops[index]! > ARRANGED_HOPS;
  const chosen = statements.flatMap((_, index) => (hops[index]! <= ARRANGED_HOPS + 1 ? [index] : []));
  if (chosen.every(held)) return places;

  const renumber = new Map(chosen.map((index, position) => [index, position]));
  const chosenEdges = edges.flatMap(([from, to]): [number, number][] => {
    const a = renumber.get(from);
    const b = renumber.get(to);
    return a !== undefined && b !== undefined ? [[a, b]] : [];
  });
  const sizes = chosen.map((index) => statements[index]!);
  const laid = await runElk(elk, sizes, chosenEdges, {
    'elk.algorithm': 'stress',
    // Start from the places given (the circle, the current places) instead of a random layout.
    'elk.interactive': 'true',
    'elk.stress.desiredEdgeLength': String(Math.round(mean(sizes.map((box) => box.width)) + 80)),
    'elk.stress.iterationLimit': '300',
  }, (_, position) => {
    const index = chosen[position]!;
    return { ...places[index]!, ...(held(index) ? { layoutOptions: { 'elk.stress.fixed': 'true' } } : {}) };
  }, hub(circle, renumber, indexOf));

  // ELK lays out and packs each connected part on its own, so each part comes back shifted by
  // its own amount: shift it back so its held statements land where they are held.
  const part = connectedParts(chosen.length, chosenEdges);
  const shifts = new Map<number, { dx: number[]; dy: number[] }>();
  chosen.forEach((index, position) => {
    if (!held(index)) return;
    const shift = shifts.get(part[position]!) ?? { dx: [], dy: [] };
    shift.dx.push(places[index]!.x - laid[position]!.x);
    shift.dy.push(places[index]!.y - laid[position]!.y);
    shifts.set(part[position]!, shift);
  });
  chosen.forEach((index, position) => {
    const shift = shifts.get(part[position]!);
    if (held(index) || shift === undefined) return;
    places[index] = { x: Math.round(laid[position]!.x + mean(shift.dx)), y: Math.round(laid[position]!.y + mean(shift.dy)) };
  });
  return places;
}

/**
 * A point held at the circle's centre and tied to every circle statement by an edge as long as
 * the radius. Stress wants a neighbour of the loop one edge length beyond the loop statement,
 * measured from the hub too, so it places neighbours outside the circle rather than inside.
 */
function hub(
  circle: { centre: Point; radius: number; ids: readonly string[] },
  renumber: ReadonlyMap<number, number>,
  indexOf: ReadonlyMap<string, number>,
): ElkExtras {
  const fixed = { 'elk.stress.fixed': 'true' };
  return {
    children: [{ id: 'hub', x: circle.centre.x - 0.5, y: circle.centre.y - 0.5, width: 1, height: 1, layoutOptions: fixed }],
    edges: circle.ids.map((id, i) => ({
      id: `hub${i}`, sources: ['hub'], targets: [`n${renumber.get(indexOf.get(id)!)!}`],
      layoutOptions: { 'elk.stress.desiredEdgeLength': String(Math.round(circle.radius)) },
    })),
  };
}

/** Links (either way) from the nearest of `sources` to each statement, up to `limit`; beyond it, Infinity. */
function linkDistances(count: number, edges: readonly [number, number][], sources: readonly number[], limit: number): number[] {
  const neighbours: number[][] = Array.from({ length: count }, () => []);
  for (const [from, to] of edges) {
    neighbours[from]!.push(to);
    neighbours[to]!.push(from);
  }
  const distance = new Array<number>(count).fill(Infinity);
  let frontier = [...new Set(sources)];
  for (const source of frontier) distance[source] = 0;
  for (let hop = 1; hop <= limit && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const index of frontier) {
      for (const neighbour of neighbours[index]!) {
        if (distance[neighbour] !== Infinity) continue;
        distance[neighbour] = hop;
        next.push(neighbour);
      }
    }
    frontier = next;
  }
  return distance;
}

/** For each node, a representative of its connected part of the graph (edges both ways). */
function connectedParts(count: number, edges: readonly [number, number][]): number[] {
  const parent = Array.from({ length: count }, (_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) index = parent[index] = parent[parent[index]!]!;
    return index;
  };
  for (const [from, to] of edges) parent[find(from)] = find(to);
  return parent.map((_, index) => find(index));
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
