// Where a link's + or − sign goes: on its last segment, about MARKER_BACK px before the arrow
// tip, in clear space (its circle overlaps no statement). Both the search (to prefer ways whose
// last segment has room for it) and the drawing use this, so they agree.
import { clearanceAt } from './spatial-grid.js';

/** Room between the target's border and the arrow tip, so the head is not hidden by the border. */
export const ARROW_GAP = 4;
/** Preferred distance of the sign marker from the arrow tip. */
export const MARKER_BACK = 34;
/** Largest radius of a link's rounded corners. */
export const CORNER_RADIUS = 10;
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
export function markerSpot(fx: number, fy: number, tx: number, ty: number, usable: number, straight: boolean): MarkerSpot {
  const length = Math.sqrt((fx - tx) * (fx - tx) + (fy - ty) * (fy - ty));
  if (length === 0) return { x: tx, y: ty, room: clearanceAt(tx, ty) };
  const ux = (fx - tx) / length;
  const uy = (fy - ty) / length;
  const back = (distance: number): MarkerSpot => {
    const x = tx + ux * distance;
    const y = ty + uy * distance;
    return { x, y, room: clearanceAt(x, y) };
  };
  const farthest = straight ? length - Math.min(MARKER_NEAREST, length / 2) : Math.max(0, usable);
  const preferred = Math.min(MARKER_BACK, straight ? length / 2 : farthest);
  const nearest = Math.min(MARKER_NEAREST, preferred);
  let best = back(preferred);
  // Then alternately nearer to and farther from the tip, until a spot has room.
  for (let step = 0; best.room < MARKER_ROOM; step++) {
    const nearer = preferred - step * MARKER_STEP;
    const farther = preferred + (step + 1) * MARKER_STEP;
    if (nearer < nearest && farther > farthest) break;
    for (const distance of [nearer, farther]) {
      if (distance < nearest || distance > farthest) continue;
      const spot = back(distance);
      if (spot.room > best.room) best = spot;
    }
  }
  return best;
}

/**
 * True if a last segment from a corner (ax, ay) to the target's border at (bx, by) has a spot
 * for the marker, once the arrow gap and the corner's rounding (`radius`) are taken off.
 */
export function lastSegmentHasRoom(ax: number, ay: number, bx: number, by: number, radius: number): boolean {
  const length = Math.sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
  if (length <= ARROW_GAP) return false;
  const usable = length - ARROW_GAP - Math.min(radius, (length - ARROW_GAP) / 2);
  return markerSpot(ax, ay, bx + ((ax - bx) * ARROW_GAP) / length, by + ((ay - by) * ARROW_GAP) / length, usable, false).room >= MARKER_ROOM;
}
