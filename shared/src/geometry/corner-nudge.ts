// When several links bend around the same corner of a box they would be drawn on top of each
// other there. Each way after the first at a corner moves that corner outwards, away from the
// box, so the links pass side by side; a move that would bring a segment too close to another
// statement, or leave no room for a sign marker, is dropped again.
import type { Point } from './box.js';
import type { Way } from './route.js';
import { rulesFor, segmentClear } from './visibility.js';

/** How far the two links of a two-way pair sit from their shared centre line, at most. */
export const PAIR_OFFSET = 8;
/** Room between links passing the same corner. */
const PAIR_SPACING = 8;
// Beyond this the lines would stray too far from the box they go around; they share the spot.
const MAX_SHIFT = 40;

/** Which ways bend at each corner (the corner as "x,y" text). */
export type Sharing = Map<string, Set<Way>>;

/** How far each link of a two-way pair is shifted: less when the way was found with less room. */
export const pairOffset = (clearance: number): number => Math.min(PAIR_OFFSET, 0.4 * clearance);

/** Records the way's corners (or forgets them); adds them to `touched`. */
export function share(sharing: Sharing, way: Way, add: boolean, touched: Set<string>): void {
  for (const corner of way.corners) {
    touched.add(corner);
    const ways = sharing.get(corner) ?? new Set();
    if (add) ways.add(way);
    else ways.delete(way);
    if (ways.size > 0) sharing.set(corner, ways);
    else sharing.delete(corner);
  }
}

/**
 * The way's centre line with each corner moved outwards past the other ways bending there (in
 * key order, PAIR_SPACING apart, wider by the offsets of two-way pairs), where that stays clear:
 * every segment keeps half the clearance from other boxes, the end margin from its own two,
 * and room for its sign markers. Returns the found line itself if no corner moves.
 */
export function nudgeCorners(way: Way, sharing: Sharing): Point[] {
  const { points: base, outward, clearance } = way.found;
  const width = (other: Way): number => (other.twoWay ? pairOffset(other.found.clearance) : 0);
  const shift = way.corners.map((corner) => {
    const ways = [...sharing.get(corner)!].sort((a, b) => (a.key < b.key ? -1 : 1));
    let by = 0;
    for (let i = 1; i <= ways.indexOf(way); i++) by += width(ways[i - 1]!) + PAIR_SPACING + width(ways[i]!);
    return Math.min(by, MAX_SHIFT);
  });
  const rules = { ...rulesFor(way.from, way.to, way.ends, clearance, way.twoWay ? 2 : 1), clearance: clearance / 2 };
  // Each round drops at least one move, so this ends; the line without moves is always clear.
  for (let round = 0; round <= shift.length && shift.some((by) => by !== 0); round++) {
    // Corner k is points[k + 1] (the ends are not corners).
    const points = base.map((point, i) => {
      const by = shift[i - 1];
      return by ? { x: point.x + by * outward[i - 1]!.x, y: point.y + by * outward[i - 1]!.y } : point;
    });
    let dropped = false;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1]!;
      const b = points[i]!;
      if (segmentClear(rules, a.x, a.y, b.x, b.y, i === 1, i === points.length - 1)) continue;
      // Segment i joins corners i-2 and i-1.
      for (const corner of [i - 2, i - 1]) {
        if (shift[corner]) {
          shift[corner] = 0;
          dropped = true;
        }
      }
    }
    if (!dropped) return points;
  }
  return base;
}
