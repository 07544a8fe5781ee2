// Where a statement may go without covering another or sitting on an arrow: the search every
// layout ends with, and what the editor uses to drop a new statement near where it was asked.

import { centreOf, inflate, type Box, type Point, type StatementBox } from '../geometry/box.js';
import { Obstacles } from './obstacles.js';
import type { Positions } from './types.js';

/** How far apart boxes must stay and how finely the search steps. */
export interface FreeSpaceOptions {
  /** clear space kept around the new box, in px; default 24 */
  margin?: number;
  /** distance between candidate places, in px; default 8 */
  step?: number;
}

/** For removeOverlaps: also areas that must stay empty (say, the middle of a loop's circle). */
export interface RemoveOverlapsOptions extends FreeSpaceOptions {
  keepClear?: readonly Box[];
}

const DEFAULT_MARGIN = 24;
const DEFAULT_STEP = 8;

interface Size {
  width: number;
  height: number;
}

/**
 * The top-left nearest to `near` where a box of `size`, grown by the margin, overlaps no box
 * and is crossed by no link segment. Searches rings of candidates outward on a fine step, so
 * it always answers: far enough out, past every obstacle, every place is free.
 * @example findFreeSpot(boxes, [], { width: 220, height: 72 }, { x: 100, y: 40 })
 */
export function findFreeSpot(
  boxes: readonly Box[],
  links: readonly (readonly Point[])[],
  size: Size,
  near: Point,
  options: FreeSpaceOptions = {},
): Point {
  const obstacles = new Obstacles();
  for (const box of boxes) obstacles.addBox(box);
  for (const link of links) obstacles.addPolyline(link);
  return searchFreeSpot(obstacles, size, near, options.margin ?? DEFAULT_MARGIN, options.step ?? DEFAULT_STEP);
}

/**
 * Moves the boxes not in `fixed` that overlap another box (grown by the margin), sit on one of
 * `links` or on an area to keep clear to their nearest free place; returns the new top-lefts
 * of the moved ones only.
 * Boxes that are clear keep their places; of two that overlap, the one nearer the fixed boxes
 * (or, with none fixed, nearer the middle of the map) stays, so the result does not depend on
 * the order of `statements`.
 */
export function removeOverlaps(
  statements: readonly StatementBox[],
  fixed: ReadonlySet<string>,
  links: readonly (readonly Point[])[] = [],
  options: RemoveOverlapsOptions = {},
): Positions {
  const margin = options.margin ?? DEFAULT_MARGIN;
  const step = options.step ?? DEFAULT_STEP;
  const obstacles = new Obstacles();
  for (const statement of statements) if (fixed.has(statement.id)) obstacles.addBox(statement);
  for (const area of options.keepClear ?? []) obstacles.addBox(area);
  for (const link of links) obstacles.addPolyline(link);

  // First keep every box that is clear where it is, then find places for the rest: moving a
  // box only ever takes free space, so it never pushes a well-placed box along.
  const blocked: StatementBox[] = [];
  for (const statement of settlingOrder(statements, fixed)) {
    if (obstacles.blocks(inflate(statement, margin))) blocked.push(statement);
    else obstacles.addBox(statement);
  }
  const moved: Positions = new Map();
  for (const statement of blocked) {
    const spot = searchFreeSpot(obstacles, statement, statement, margin, step);
    obstacles.addBox({ ...spot, width: statement.width, height: statement.height });
    moved.set(statement.id, spot);
  }
  return moved;
}

/** The non-fixed statements, nearest to a fixed one first (ties by id, for determinism). */
function settlingOrder(statements: readonly StatementBox[], fixed: ReadonlySet<string>): StatementBox[] {
  const anchors = statements.filter((statement) => fixed.has(statement.id)).map(centreOf);
  if (anchors.length === 0) {
    const all = statements.map(centreOf);
    anchors.push({ x: mean(all.map((point) => point.x)), y: mean(all.map((point) => point.y)) });
  }
  const distance = new Map<string, number>();
  for (const statement of statements) {
    if (fixed.has(statement.id)) continue;
    const centre = centreOf(statement);
    let nearest = Infinity;
    for (const anchor of anchors) nearest = Math.min(nearest, (anchor.x - centre.x) ** 2 + (anchor.y - centre.y) ** 2);
    distance.set(statement.id, nearest);
  }
  return statements
    .filter((statement) => !fixed.has(statement.id))
    .sort((a, b) => distance.get(a.id)! - distance.get(b.id)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** The nearest free top-left to `near` on a grid of `step` around it (see findFreeSpot). */
export function searchFreeSpot(obstacles: Obstacles, size: Size, near: Point, margin: number, step: number): Point {
  if (![near.x, near.y, size.width, size.height, margin].every(Number.isFinite) || !(step > 0)) {
    throw new RangeError('searchFreeSpot: position, size, margin and step must be finite, step positive');
  }
  const fits = (x: number, y: number) =>
    !obstacles.blocks({ x: x - margin, y: y - margin, width: size.width + 2 * margin, height: size.height + 2 * margin });
  if (fits(near.x, near.y)) return { x: near.x, y: near.y };
  const bounds = obstacles.bounds();
  // By this ring the candidates straight left, right, above and below are past every obstacle.
  const last = bounds === null ? 1 : Math.ceil(Math.max(
    bounds.x + bounds.width + margin - near.x,
    near.x + size.width + margin - bounds.x,
    bounds.y + bounds.height + margin - near.y,
    near.y + size.height + margin - bounds.y,
  ) / step) + 1;

  let best: Point | null = null;
  let bestDistance = Infinity;
  // Every place on ring r is at least r steps away, so once that passes the best found, stop.
  for (let ring = 1; ring <= last && ring * step < bestDistance; ring++) {
    for (const [i, j] of ringOffsets(ring)) {
      const distance = Math.hypot(i, j) * step;
      if (distance >= bestDistance) break;
      const x = near.x + i * step;
      const y = near.y + j * step;
      if (fits(x, y)) {
        best = { x, y };
        bestDistance = distance;
        break; // the offsets are sorted nearest first
      }
    }
  }
  // Unreachable in exact arithmetic; a place just past the obstacles is free in any case.
  return best ?? { x: (bounds?.x ?? near.x) + (bounds?.width ?? 0) + margin + 1, y: near.y };
}

// The inner rings are searched on every call; sorting them once keeps small searches cheap.
const CACHED_RINGS = 128;
const ringCache: [number, number][][] = [];

/** The grid offsets on the square ring `ring` steps out, nearest first, then top to bottom, left to right. */
function ringOffsets(ring: number): readonly [number, number][] {
  const cached = ringCache[ring];
  if (cached !== undefined) return cached;
  const offsets: [number, number][] = [];
  for (let i = -ring; i <= ring; i++) offsets.push([i, -ring], [i, ring]);
  for (let j = -ring + 1; j < ring; j++) offsets.push([-ring, j], [ring, j]);
  offsets.sort(([ai, aj], [bi, bj]) => ai * ai + aj * aj - (bi * bi + bj * bj) || aj - bj || ai - bi);
  if (ring <= CACHED_RINGS) ringCache[ring] = offsets;
  return offsets;
}

/**
 * What a layout hands back: the new top-left of every statement that is not pinned and moved,
 * with `place(index)` its place after the layout (before any move off an overlap).
 */
export function movedStatements(
  statements: readonly { id: string; x: number; y: number; pinned: boolean }[],
  movedOff: ReadonlyMap<string, Point>,
  place: (index: number) => Point,
): Positions {
  const positions: Positions = new Map();
  statements.forEach((statement, index) => {
    if (statement.pinned) return;
    const { x, y } = movedOff.get(statement.id) ?? place(index);
    if (x !== statement.x || y !== statement.y) positions.set(statement.id, { x, y });
  });
  return positions;
}
