// A bucket grid over the boxes and drawn links a new statement must keep clear of. The free
// space search tests thousands of candidate places; the grid lets each test look only at the
// few boxes and link segments near the candidate instead of the whole map.

import { boxesOverlap, segmentCrossesBox, type Box, type Point } from '../geometry/box.js';

type Segment = readonly [Point, Point];

interface Cell {
  boxes: Box[];
  segments: Segment[];
}

// Keys stay exact integers for cell indices within ±2^20 (about 2.7e8 px at the default size).
const OFFSET = 1 << 20;
const key = (column: number, row: number) => (column + OFFSET) * (2 * OFFSET) + row + OFFSET;
// Obstacles spanning more cells than this go in one list checked every time, so one huge
// box or long link does not fill thousands of cells.
const MAX_CELLS = 64;

/** Boxes and link segments in a uniform grid, to ask "does this box hit anything" quickly. */
export class Obstacles {
  private readonly cells = new Map<number, Cell>();
  private readonly large: Cell = { boxes: [], segments: [] };
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;

  constructor(private readonly cellSize = 256) {}

  /** Adds a box that others must not overlap. */
  addBox(box: Box): void {
    this.grow(box.x, box.y, box.x + box.width, box.y + box.height);
    this.place(box.x, box.y, box.x + box.width, box.y + box.height, (cell) => cell.boxes.push(box));
  }

  /** Adds a drawn link: boxes must not be crossed by any of its segments. */
  addPolyline(points: readonly Point[]): void {
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      const segment: Segment = [a, b];
      const [left, right] = a.x <= b.x ? [a.x, b.x] : [b.x, a.x];
      const [top, bottom] = a.y <= b.y ? [a.y, b.y] : [b.y, a.y];
      this.grow(left, top, right, bottom);
      this.place(left, top, right, bottom, (cell) => cell.segments.push(segment));
    }
  }

  /** True if the box overlaps an obstacle box or is crossed by an obstacle segment. */
  blocks(box: Box): boolean {
    if (hits(this.large, box)) return true;
    const size = this.cellSize;
    const lastColumn = Math.floor((box.x + box.width) / size);
    const lastRow = Math.floor((box.y + box.height) / size);
    for (let column = Math.floor(box.x / size); column <= lastColumn; column++) {
      for (let row = Math.floor(box.y / size); row <= lastRow; row++) {
        const cell = this.cells.get(key(column, row));
        if (cell !== undefined && hits(cell, box)) return true;
      }
    }
    return false;
  }

  /** The smallest box holding every obstacle; null while there are none. */
  bounds(): Box | null {
    if (!Number.isFinite(this.minX)) return null;
    return { x: this.minX, y: this.minY, width: this.maxX - this.minX, height: this.maxY - this.minY };
  }

  private grow(left: number, top: number, right: number, bottom: number): void {
    this.minX = Math.min(this.minX, left);
    this.minY = Math.min(this.minY, top);
    this.maxX = Math.max(this.maxX, right);
    this.maxY = Math.max(this.maxY, bottom);
  }

  private place(left: number, top: number, right: number, bottom: number, add: (cell: Cell) => void): void {
    const size = this.cellSize;
    const firstColumn = Math.floor(left / size);
    const lastColumn = Math.floor(right / size);
    const firstRow = Math.floor(top / size);
    const lastRow = Math.floor(bottom / size);
    if ((lastColumn - firstColumn + 1) * (lastRow - firstRow + 1) > MAX_CELLS) {
      add(this.large);
      return;
    }
    for (let column = firstColumn; column <= lastColumn; column++) {
      for (let row = firstRow; row <= lastRow; row++) {
        const cellKey = key(column, row);
        let cell = this.cells.get(cellKey);
        if (cell === undefined) {
          cell = { boxes: [], segments: [] };
          this.cells.set(cellKey, cell);
        }
        add(cell);
      }
    }
  }
}

function hits(cell: Cell, box: Box): boolean {
  for (const other of cell.boxes) if (boxesOverlap(box, other)) return true;
  for (const [a, b] of cell.segments) if (segmentCrossesBox(a, b, box)) return true;
  return false;
}
