// A uniform grid of statement boxes, so the link router examines only the boxes near a segment
// or a point instead of all of them. Each box sits in every cell its area grown by `reach`
// touches; a query for anything within `reach` of a box therefore finds it in the cells the
// query touches. Within a cell the boxes are kept in id order, so every query meets boxes in
// an order that depends only on where they are and their ids, never on the order of the input:
// routing from scratch and routing incrementally make the same choices.
import { segmentCrossesRect } from './box.js';

/** A statement box as the grid keeps it: its edges, and a stamp so one query visits it once. */
export interface GridBox {
  readonly id: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
  /** Internal to the grid's queries. */
  stamp: number;
}

/** How far along p→q (as a fraction) a segment starting inside the box leaves it; above 1 if q is inside too. */
export function exitFraction(box: GridBox, px: number, py: number, qx: number, qy: number): number {
  const dx = qx - px;
  const dy = qy - py;
  const alongX = dx > 0 ? (box.right - px) / dx : dx < 0 ? (box.left - px) / dx : Infinity;
  const alongY = dy > 0 ? (box.bottom - py) / dy : dy < 0 ? (box.top - py) / dy : Infinity;
  const t = Math.min(alongX, alongY);
  return Number.isFinite(t) ? Math.max(0, t) : 0;
}

// Cell coordinates packed into one small integer (a fast Map key): 4,096 cells each way, 1 Mpx
// at 256 px a cell. Farther out, cells share the outermost row or column, which only means a
// query there looks at a few more boxes.
const CELL_LIMIT = 2047;
const clampCell = (cell: number): number => (cell < -CELL_LIMIT ? -CELL_LIMIT : cell > CELL_LIMIT ? CELL_LIMIT : cell);
const cellKey = (column: number, row: number): number => (clampCell(column) + CELL_LIMIT) * 4096 + clampCell(row) + CELL_LIMIT;
const byId = (a: GridBox, b: GridBox): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
// A segment so long that walking its cells costs more than looking at every box.
const MAX_CELLS_WALKED = 4096;

/** Boxes by the grid cells they reach into. */
export class SpatialGrid {
  private readonly cells = new Map<number, GridBox[]>();
  private readonly all = new Set<GridBox>();
  private readonly found: GridBox[][] = [];
  private stamp = 0;

  /** `reach`: how far from a box a query may still need to find it. */
  constructor(
    readonly cellSize: number,
    readonly reach: number,
  ) {}

  /** Adds the box in every cell it reaches. */
  insert(box: GridBox): void {
    this.all.add(box);
    this.forCellsOfBox(box, (key) => {
      const cell = this.cells.get(key);
      if (cell === undefined) {
        this.cells.set(key, [box]);
        return;
      }
      let at = cell.length;
      while (at > 0 && cell[at - 1]!.id > box.id) at--;
      cell.splice(at, 0, box);
    });
  }

  /** Removes the box; call before changing its edges, and insert it again after. */
  remove(box: GridBox): void {
    this.all.delete(box);
    this.forCellsOfBox(box, (key) => {
      const cell = this.cells.get(key);
      if (cell === undefined) return;
      const at = cell.indexOf(box);
      if (at >= 0) cell.splice(at, 1);
      if (cell.length === 0) this.cells.delete(key);
    });
  }

  /**
   * The first box (other than those in `skip`) that the segment crosses once the box is grown
   * by `margin` (≤ reach); null if it crosses none. Touching an edge or a corner is not crossing.
   */
  firstCrossing(ax: number, ay: number, bx: number, by: number, margin: number, skip: readonly GridBox[]): GridBox | null {
    const stamp = this.nextStamp();
    for (const cell of this.cellsOnSegment(ax, ay, bx, by)) {
      for (const box of cell) {
        if (box.stamp === stamp) continue;
        box.stamp = stamp;
        if (skip.includes(box)) continue;
        const left = box.left - margin;
        const right = box.right + margin;
        const top = box.top - margin;
        const bottom = box.bottom + margin;
        // Most boxes in the cells are nowhere near the segment: a cheap test first.
        if ((ax <= left && bx <= left) || (ax >= right && bx >= right) || (ay <= top && by <= top) || (ay >= bottom && by >= bottom)) continue;
        if (segmentCrossesRect(ax, ay, bx, by, left, top, right, bottom)) return box;
      }
    }
    return null;
  }

  /** Every box (other than those in `skip`) the segment crosses once grown by `margin`, in walk order. */
  allCrossing(ax: number, ay: number, bx: number, by: number, margin: number, skip: readonly GridBox[]): GridBox[] {
    const stamp = this.nextStamp();
    const crossed: GridBox[] = [];
    for (const cell of this.cellsOnSegment(ax, ay, bx, by)) {
      for (const box of cell) {
        if (box.stamp === stamp) continue;
        box.stamp = stamp;
        if (skip.includes(box)) continue;
        if (segmentCrossesRect(ax, ay, bx, by, box.left - margin, box.top - margin, box.right + margin, box.bottom + margin)) crossed.push(box);
      }
    }
    return crossed;
  }

  /** True if the point lies strictly inside some box (other than those in `skip`) grown by `margin`. */
  insideAny(x: number, y: number, margin: number, skip: readonly GridBox[]): boolean {
    const cell = this.cells.get(cellKey(Math.floor(x / this.cellSize), Math.floor(y / this.cellSize)));
    if (cell === undefined) return false;
    for (const box of cell) {
      if (skip.includes(box)) continue;
      if (x > box.left - margin && x < box.right + margin && y > box.top - margin && y < box.bottom + margin) return true;
    }
    return false;
  }

  /** The other boxes that share some area with the box (touching edges do not count), in id order. */
  overlapping(box: GridBox): GridBox[] {
    const size = this.cellSize;
    const found = new Set<GridBox>();
    for (let column = Math.floor(box.left / size); column <= Math.floor(box.right / size); column++) {
      for (let row = Math.floor(box.top / size); row <= Math.floor(box.bottom / size); row++) {
        for (const other of this.cells.get(cellKey(column, row)) ?? []) {
          if (other !== box && other.left < box.right && box.left < other.right && other.top < box.bottom && box.top < other.bottom) found.add(other);
        }
      }
    }
    return [...found].sort(byId);
  }

  /** The distance from the point to the nearest box, capped at `reach` (nothing nearer). */
  clearanceAt(x: number, y: number): number {
    let nearest = this.reach;
    const cell = this.cells.get(cellKey(Math.floor(x / this.cellSize), Math.floor(y / this.cellSize)));
    for (const box of cell ?? []) {
      const dx = Math.max(box.left - x, 0, x - box.right);
      const dy = Math.max(box.top - y, 0, y - box.bottom);
      nearest = Math.min(nearest, Math.sqrt(dx * dx + dy * dy));
    }
    return nearest;
  }

  /** Every box (other than those in `skip`) whose area grown by `margin` meets the rectangle, in cell order. */
  inRect(left: number, top: number, right: number, bottom: number, margin: number, skip: readonly GridBox[]): GridBox[] {
    const stamp = this.nextStamp();
    const met: GridBox[] = [];
    const size = this.cellSize;
    const columns = Math.floor(right / size) - Math.floor(left / size) + 1;
    const rows = Math.floor(bottom / size) - Math.floor(top / size) + 1;
    const visit = (box: GridBox): void => {
      if (box.stamp === stamp) return;
      box.stamp = stamp;
      if (skip.includes(box)) return;
      if (box.left - margin <= right && box.right + margin >= left && box.top - margin <= bottom && box.bottom + margin >= top) met.push(box);
    };
    if (columns * rows > this.cells.size) {
      // A rectangle wider than the map: look at every box, sorted so the order stays canonical.
      for (const box of this.all) visit(box);
      return met.sort(byId);
    }
    for (let column = Math.floor(left / size); column <= Math.floor(right / size); column++) {
      for (let row = Math.floor(top / size); row <= Math.floor(bottom / size); row++) {
        for (const box of this.cells.get(cellKey(column, row)) ?? []) visit(box);
      }
    }
    // Sorted, so the answer does not depend on which of the two ways above found it.
    return met.sort(byId);
  }

  private nextStamp(): number {
    this.stamp = (this.stamp + 1) | 0;
    return this.stamp;
  }

  private forCellsOfBox(box: GridBox, visit: (key: number) => void): void {
    const size = this.cellSize;
    const reach = this.reach;
    for (let column = Math.floor((box.left - reach) / size); column <= Math.floor((box.right + reach) / size); column++) {
      for (let row = Math.floor((box.top - reach) / size); row <= Math.floor((box.bottom + reach) / size); row++) visit(cellKey(column, row));
    }
  }

  /** The non-empty cells the segment passes through, column by column (a reused array). */
  private cellsOnSegment(ax: number, ay: number, bx: number, by: number): GridBox[][] {
    const found = this.found;
    found.length = 0;
    const size = this.cellSize;
    const minX = Math.min(ax, bx);
    const maxX = Math.max(ax, bx);
    const firstColumn = Math.floor(minX / size);
    const lastColumn = Math.floor(maxX / size);
    const span = lastColumn - firstColumn + 1 + Math.abs(Math.floor(ay / size) - Math.floor(by / size));
    if (span > MAX_CELLS_WALKED) {
      // Far-apart outliers: one pass over every box beats walking millions of empty cells.
      found.push([...this.all].sort(byId));
      return found;
    }
    const slope = maxX > minX ? (by - ay) / (bx - ax) : 0;
    for (let column = firstColumn; column <= lastColumn; column++) {
      // The part of the segment inside this column runs between these two y values.
      let y0 = ay;
      let y1 = by;
      if (maxX > minX) {
        const x0 = Math.max(minX, column * size);
        const x1 = Math.min(maxX, (column + 1) * size);
        y0 = ay + (x0 - ax) * slope;
        y1 = ay + (x1 - ax) * slope;
      }
      const lastRow = Math.floor(Math.max(y0, y1) / size);
      for (let row = Math.floor(Math.min(y0, y1) / size); row <= lastRow; row++) {
        const cell = this.cells.get(cellKey(column, row));
        if (cell !== undefined) found.push(cell);
      }
    }
    return found;
  }
}
