// A uniform grid of statement boxes, so the link router examines only the boxes near a segment
// or a point instead of all of them. Each box sits in every cell its area grown by `reach`
// touches; a query for anything within `reach` of a box therefore finds it in the cells the
// query touches. Within a cell the boxes are kept in id order, so every query meets boxes in
// an order that depends only on where they are and their ids, never on the order of the input:
// routing from scratch and routing incrementally make the same choices.
//
// Plain functions rather than a class with methods, so that a minifier can shorten their names
// (this code is on every map page's first load). They work on the grid of the router call under
// way (see useGrid), so that the many helpers of the router need not pass it along.
import { segmentCrossesRect } from './box.js';

/** A rectangle by its edges: statement boxes as the router keeps them, and the extents it records. */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A statement box as the grid keeps it; the grid keeps the object while the box stays the same. */
export interface GridBox extends Rect {
  readonly id: string;
  /** The last query that visited it, so that one query visits it once. */
  stamp: number;
}

export interface Grid {
  /** Boxes by cell key, each cell in id order. */
  readonly cells: Map<number, GridBox[]>;
  /** Every box, by statement id. */
  readonly boxes: Map<string, GridBox>;
  /** How far from a box a query may still need to find it. */
  readonly reach: number;
}

const CELL_SIZE = 256;
// Cell coordinates packed into one small integer (a fast Map key): 4,096 cells each way, 1 Mpx
// at 256 px a cell. Farther out, cells share the outermost row or column, which only means a
// query there looks at a few more boxes.
const CELL_LIMIT = 2047;
// A segment so long that walking its cells costs more than looking at every box.
const MAX_CELLS_WALKED = 4096;

const clampCell = (cell: number): number => Math.max(-CELL_LIMIT, Math.min(CELL_LIMIT, cell)) + CELL_LIMIT;
const cellKey = (column: number, row: number): number => clampCell(column) * 4096 + clampCell(row);
const cellOf = (value: number): number => Math.floor(value / CELL_SIZE);
// Ids are unique, so no two boxes compare equal.
export const byId = (a: GridBox, b: GridBox): number => (a.id < b.id ? -1 : 1);
/** Numbers the queries (one counter for every grid: a box only needs to tell this query from the last). */
let query = 0;
/** The cells a segment passes through, reused from query to query (the router makes thousands). */
const walked: GridBox[][] = [];
/** The grid of the router call under way (routing is synchronous, so calls never interleave). */
let grid: Grid;

export const createGrid = (reach: number): Grid => ({ cells: new Map(), boxes: new Map(), reach });
/** Makes the functions below work on this grid. */
export const useGrid = (next: Grid): Grid => (grid = next);

const cellAt = (x: number, y: number): GridBox[] => grid.cells.get(cellKey(cellOf(x), cellOf(y))) ?? [];

/** True if the point lies strictly inside the box grown by `margin`. */
export const inside = (box: Rect, margin: number, x: number, y: number): boolean =>
  x > box.left - margin && x < box.right + margin && y > box.top - margin && y < box.bottom + margin;

/** The rectangle grown by `by` on every side. */
export const grown = (rect: Rect, by: number): Rect => ({ left: rect.left - by, top: rect.top - by, right: rect.right + by, bottom: rect.bottom + by });

/** Extends the extent to hold the rectangle grown by `margin`. */
export function extend(extent: Rect, rect: Rect, margin: number): void {
  extent.left = Math.min(extent.left, rect.left - margin);
  extent.top = Math.min(extent.top, rect.top - margin);
  extent.right = Math.max(extent.right, rect.right + margin);
  extent.bottom = Math.max(extent.bottom, rect.bottom + margin);
}

/** How far along p→q (as a fraction) a segment starting inside the box leaves it; above 1 if q is inside too. */
export function exitFraction(box: Rect, px: number, py: number, qx: number, qy: number): number {
  const dx = qx - px;
  const dy = qy - py;
  const t = Math.min(dx > 0 ? (box.right - px) / dx : dx < 0 ? (box.left - px) / dx : Infinity, dy > 0 ? (box.bottom - py) / dy : dy < 0 ? (box.top - py) / dy : Infinity);
  return Number.isFinite(t) ? Math.max(0, t) : 0;
}

/** Calls `visit` with every cell the rectangle touches, column by column. */
function forCells({ left, top, right, bottom }: Rect, visit: (key: number) => void): void {
  for (let column = cellOf(left); column <= cellOf(right); column++) {
    for (let row = cellOf(top); row <= cellOf(bottom); row++) visit(cellKey(column, row));
  }
}

/** Adds the box to the grid in every cell it reaches, or removes it (before its edges change). */
export function place(box: GridBox, add: boolean): void {
  const { cells, boxes } = grid;
  if (add) boxes.set(box.id, box);
  else boxes.delete(box.id);
  forCells(grown(box, grid.reach), (key) => {
    const cell = cells.get(key) ?? [];
    const after = cell.findIndex((other) => other.id > box.id);
    if (add) cell.splice(after < 0 ? cell.length : after, 0, box);
    else if (cell.includes(box)) cell.splice(cell.indexOf(box), 1);
    if (cell.length > 0) cells.set(key, cell);
    else cells.delete(key);
  });
}

/**
 * The first box (other than those in `skip`) that the segment crosses once the box is grown by
 * `margin` (≤ reach); null if it crosses none. Touching an edge or a corner is not crossing.
 * Given `all`, pushes every such box onto it instead, in the order met.
 */
export function crossing(ax: number, ay: number, bx: number, by: number, margin: number, skip: readonly GridBox[], all?: GridBox[]): GridBox | null {
  const stamp = ++query;
  const minX = Math.min(ax, bx);
  const maxX = Math.max(ax, bx);
  const firstColumn = cellOf(minX);
  const lastColumn = cellOf(maxX);
  // The cells along the segment, column by column; for far-apart outliers, one pass over every
  // box beats walking millions of empty cells.
  walked.length = 0;
  if (lastColumn - firstColumn + 1 + Math.abs(cellOf(ay) - cellOf(by)) > MAX_CELLS_WALKED) walked.push([...grid.boxes.values()].sort(byId));
  else {
    const slope = maxX > minX ? (by - ay) / (bx - ax) : 0;
    for (let column = firstColumn; column <= lastColumn; column++) {
      // The part of the segment inside this column runs between these two y values.
      const y0 = maxX > minX ? ay + (Math.max(minX, column * CELL_SIZE) - ax) * slope : ay;
      const y1 = maxX > minX ? ay + (Math.min(maxX, (column + 1) * CELL_SIZE) - ax) * slope : by;
      for (let row = cellOf(Math.min(y0, y1)); row <= cellOf(Math.max(y0, y1)); row++) {
        const cell = grid.cells.get(cellKey(column, row));
        if (cell !== undefined) walked.push(cell);
      }
    }
  }
  for (const cell of walked) {
    for (const box of cell) {
      if (box.stamp === stamp) continue;
      box.stamp = stamp;
      if (skip.includes(box) || !segmentCrossesRect(ax, ay, bx, by, box.left - margin, box.top - margin, box.right + margin, box.bottom + margin)) continue;
      if (all === undefined) return box;
      all.push(box);
    }
  }
  return null;
}

/** Every box (other than those in `skip`) whose area grown by `margin` meets the rectangle, in id order. */
export function inRect(rect: Rect, margin: number, skip: readonly GridBox[]): GridBox[] {
  const stamp = ++query;
  const met: GridBox[] = [];
  const visit = (box: GridBox): void => {
    if (box.stamp === stamp) return;
    box.stamp = stamp;
    if (!skip.includes(box) && box.left - margin <= rect.right && box.right + margin >= rect.left && box.top - margin <= rect.bottom && box.bottom + margin >= rect.top) met.push(box);
  };
  // A rectangle wider than the map: look at every box.
  if ((cellOf(rect.right) - cellOf(rect.left) + 1) * (cellOf(rect.bottom) - cellOf(rect.top) + 1) > grid.cells.size) grid.boxes.forEach(visit);
  else forCells(rect, (key) => grid.cells.get(key)?.forEach(visit));
  // Sorted, so the answer does not depend on which of the two ways above found it.
  return met.sort(byId);
}

/** The other boxes that share some area with the box (touching edges do not count), in id order. */
export const piledOn = (box: GridBox): GridBox[] =>
  inRect(box, 0, [box]).filter((other) => other.left < box.right && box.left < other.right && other.top < box.bottom && box.top < other.bottom);

/** True if the point lies strictly inside some box (other than those in `skip`) grown by `margin`. */
export const insideAny = (x: number, y: number, margin: number, skip: readonly GridBox[]): boolean =>
  cellAt(x, y).some((box) => !skip.includes(box) && inside(box, margin, x, y));

/** The distance from the point to the nearest box, capped at `reach` (nothing nearer). */
export function clearanceAt(x: number, y: number): number {
  let nearest = grid.reach;
  for (const box of cellAt(x, y)) {
    const dx = Math.max(box.left - x, 0, x - box.right);
    const dy = Math.max(box.top - y, 0, y - box.bottom);
    nearest = Math.min(nearest, Math.sqrt(dx * dx + dy * dy));
  }
  return nearest;
}
