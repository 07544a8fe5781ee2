// Where a link's + or − sign goes: on its last segment, about MARKER_BACK px before the arrow
// tip, in clear space (its circle overlaps no statement). Both the search (to prefer ways whose
// last segment has room for it) and the drawing use this, so they agree.
import type { SpatialGrid } from './spatial-grid.js';

/** Room between the target's border and the arrow tip, so the head is not hidden by the border. */
export const ARROW_GAP = 4;
/** Preferred distance of the sign marker from the arrow tip. */
export const MARKER_BACK = 34;
/** Radius of the sign marker's circle, which must not overlap any statement. */
export const MARKER_RADIUS = 9;
/** Room the marker wants: its radius and a little more against rounding. */
export const MARKER_ROOM = MARKER_RADIUS + 0.5;
// The marker is not put nearer the tip than this (it would sit on the arrow head).
const MARKER_NEAREST = 12;
const MARKER_STEP = 2;

/** A spot for the marker and how far it is from the nearest statement (capped at the grid's reach). */
export interface MarkerSpot {
  x: number;
  y: number;
  room: number;
}

/**
 * The marker's spot on the segment from (fx, fy) back from the tip (tx, ty): the one nearest to
 * MARKER_BACK from the tip with MARKER_ROOM; if none has, the roomiest. `usable` is how far back
 * from the tip the marker may go (the straight part of the segment); `straight` says the whole
 * link is this one segment, where the marker goes at most halfway back.
 */
export function markerSpot(fx: number, fy: number, tx: number, ty: number, usable: number, straight: boolean, grid: SpatialGrid): MarkerSpot {
  const length = Math.sqrt((fx - tx) * (fx - tx) + (fy - ty) * (fy - ty));
  if (length === 0) return { x: tx, y: ty, room: grid.clearanceAt(tx, ty) };
  const farthest = straight ? length - Math.min(MARKER_NEAREST, length / 2) : Math.max(0, usable);
  const preferred = Math.min(MARKER_BACK, straight ? length / 2 : farthest);
  const nearest = Math.min(MARKER_NEAREST, preferred);
  const ux = (fx - tx) / length;
  const uy = (fy - ty) / length;
  let best: MarkerSpot = { x: tx + ux * preferred, y: ty + uy * preferred, room: 0 };
  best.room = grid.clearanceAt(best.x, best.y);
  // Try the preferred spot, then alternately nearer to and farther from the tip.
  for (let step = 0; best.room < MARKER_ROOM; step++) {
    const nearer = preferred - step * MARKER_STEP;
    const farther = preferred + (step + 1) * MARKER_STEP;
    if (nearer < nearest && farther > farthest) break;
    for (const back of [nearer, farther]) {
      if (back < nearest || back > farthest) continue;
      const x = tx + ux * back;
      const y = ty + uy * back;
      const room = grid.clearanceAt(x, y);
      if (room > best.room) best = { x, y, room };
    }
  }
  return best;
}

/**
 * True if a last segment from a corner (ax, ay) to the target's border at (bx, by) has a spot
 * for the marker, once the arrow gap and the corner's rounding (`radius`) are taken off.
 */
export function lastSegmentHasRoom(ax: number, ay: number, bx: number, by: number, radius: number, grid: SpatialGrid): boolean {
  const length = Math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
  if (length <= ARROW_GAP) return false;
  const tipX = bx + ((ax - bx) * ARROW_GAP) / length;
  const tipY = by + ((ay - by) * ARROW_GAP) / length;
  const usable = length - ARROW_GAP - Math.min(radius, (length - ARROW_GAP) / 2);
  return markerSpot(ax, ay, tipX, tipY, usable, false, grid).room >= MARKER_ROOM;
}
