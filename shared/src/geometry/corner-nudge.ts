// When several links bend around the same corner of a box they would be drawn on top of each
// other there. Each way after the first at a corner moves that corner outwards, away from the
// box, so the links pass side by side; a move that would bring a segment too close to another
// statement, or leave no room for a sign marker, is dropped again.
import { segmentCrossesRect, type Point } from './box.js';
import type { Way } from './route.js';
import { lastSegmentHasRoom } from './marker.js';
import { CORNER_RADIUS } from './route-shape.js';
import { exitFraction, type GridBox, type SpatialGrid } from './spatial-grid.js';

/** Room between links passing the same corner. */
const PAIR_SPACING = 8;
// Beyond this the lines would stray too far from the box they go around; they share the spot.
const MAX_SHIFT = 40;

/** A way's centre line after nudging; a new object whenever the points change. */
export interface NudgedLine {
  readonly points: Point[];
}

/**
 * True if segment i (points[i-1] → points[i]) keeps half the clearance from every other box and
 * the end margin from its own two, and, as the last segment (or the first, of a two-way pair),
 * has room for the sign marker.
 */
function segmentClear(points: readonly Point[], i: number, way: Way, grid: SpatialGrid, endMargin: number): boolean {
  const { from, to } = way;
  const last = points.length - 1;
  let a = points[i - 1]!;
  let b = points[i]!;
  const m = endMargin;
  const near = (box: GridBox, p: Point) => p.x > box.left - m && p.x < box.right + m && p.y > box.top - m && p.y < box.bottom + m;
  // Only the drawn part counts: from where the segment leaves the source to where it reaches the target.
  if (i - 1 === 0) {
    const t = Math.min(1, exitFraction(from, a.x, a.y, b.x, b.y));
    a = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
  } else if (near(from, a) || near(to, a)) return false;
  if (i === last) {
    const t = Math.min(1, exitFraction(to, b.x, b.y, a.x, a.y));
    b = { x: b.x + (a.x - b.x) * t, y: b.y + (a.y - b.y) * t };
  } else if (near(from, b) || near(to, b)) return false;
  if (i - 1 !== 0 && segmentCrossesRect(a.x, a.y, b.x, b.y, from.left - m, from.top - m, from.right + m, from.bottom + m)) return false;
  if (i !== last && segmentCrossesRect(a.x, a.y, b.x, b.y, to.left - m, to.top - m, to.right + m, to.bottom + m)) return false;
  if (grid.firstCrossing(a.x, a.y, b.x, b.y, way.clearance / 2, way.ends) !== null) return false;
  const radius = Math.min(CORNER_RADIUS, way.clearance / 2);
  if (i === last && i > 1 && !lastSegmentHasRoom(a.x, a.y, b.x, b.y, radius, grid)) return false;
  return i !== 1 || i === last || !way.twoWay || lastSegmentHasRoom(b.x, b.y, a.x, a.y, radius, grid);
}

/** The way's centre line with corner k moved outwards by shifts[k] px where that stays clear. */
export function nudgeCorners(way: Way, shifts: readonly number[], grid: SpatialGrid, endMargin: number): NudgedLine {
  const base = way.found.points;
  const { outward } = way.found;
  const shift = shifts.slice();
  // Each round drops at least one move, so this ends; the line without moves is always clear.
  for (let round = 0; round <= shift.length; round++) {
    if (shift.every((value) => value === 0)) break;
    const points = base.map((point, i) => {
      const by = i === 0 || i === base.length - 1 ? 0 : shift[i - 1]!;
      const out = outward[i - 1];
      return by === 0 || out === undefined ? point : { x: point.x + by * out.x, y: point.y + by * out.y };
    });
    let dropped = false;
    for (let i = 1; i < points.length; i++) {
      if (segmentClear(points, i, way, grid, endMargin)) continue;
      // Segment i joins corners i-2 and i-1 (the ends are not corners).
      for (const corner of [i - 2, i - 1]) {
        if (corner >= 0 && corner < shift.length && shift[corner] !== 0) {
          shift[corner] = 0;
          dropped = true;
        }
      }
    }
    if (!dropped) return { points };
  }
  return { points: base };
}

/** Which ways bend at which corner, to space out those that share one. */
export class CornerSharing {
  private readonly byCorner = new Map<string, Set<Way>>();

  /** Records the way's corners; adds them to `touched`. */
  add(way: Way, touched: Set<string>): void {
    for (const corner of way.corners) {
      touched.add(corner);
      let sharing = this.byCorner.get(corner);
      if (sharing === undefined) this.byCorner.set(corner, (sharing = new Set()));
      sharing.add(way);
    }
  }

  /** Forgets the way's corners; adds them to `touched`. */
  remove(way: Way, touched: Set<string>): void {
    for (const corner of way.corners) {
      touched.add(corner);
      const sharing = this.byCorner.get(corner);
      sharing?.delete(way);
      if (sharing?.size === 0) this.byCorner.delete(corner);
    }
  }

  /** Adds to `ways` every way that bends at one of the corners. */
  waysAt(corners: Iterable<string>, ways: Set<Way>): void {
    for (const corner of corners) for (const way of this.byCorner.get(corner) ?? []) ways.add(way);
  }

  /**
   * How far each of the way's corners moves outwards: the ways bending at a corner (in key
   * order) pass side by side, PAIR_SPACING apart, wider by the offsets of two-way pairs.
   */
  shifts(way: Way, pairOffset: (clearance: number) => number): number[] {
    const width = (other: Way) => (other.twoWay ? pairOffset(other.clearance) : 0);
    return way.corners.map((corner) => {
      const sharing = [...(this.byCorner.get(corner) ?? [])].sort((a, b) => (a.key < b.key ? -1 : 1));
      let shift = 0;
      for (let i = 1; i <= sharing.indexOf(way); i++) shift += width(sharing[i - 1]!) + PAIR_SPACING + width(sharing[i]!);
      return Math.min(shift, MAX_SHIFT);
    });
  }
}
