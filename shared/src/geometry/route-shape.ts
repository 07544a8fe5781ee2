// From a link's centre line (statement centre, corners, statement centre) to what is drawn:
// shifted to its own side for a two-way pair, cut at the two borders, a sign marker in clear
// space on the last segment, and an SVG path with rounded corners.
import type { Point } from './box.js';
import type { Route } from './route.js';
import { exitFraction, type GridBox, type SpatialGrid } from './spatial-grid.js';
import { ARROW_GAP, markerSpot, MARKER_ROOM } from './marker.js';

/** Largest radius of a rounded corner. */
export const CORNER_RADIUS = 10;

const distance = (a: Point, b: Point): number => Math.hypot(b.x - a.x, b.y - a.y);

/**
 * The polyline moved `offset` px to its right-hand side (y grows downwards). Corners are mitred;
 * a sharp turn away from the offset side gets a bevel (two points), so the line never folds back.
 */
export function offsetPolyline(points: readonly Point[], offset: number): Point[] {
  if (offset === 0 || points.length < 2) return points.slice();
  const normals: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const length = distance(a, b) || 1;
    normals.push({ x: -(b.y - a.y) / length, y: (b.x - a.x) / length });
  }
  const shifted: Point[] = [];
  points.forEach((point, i) => {
    const before = normals[Math.max(0, i - 1)]!;
    const after = normals[Math.min(normals.length - 1, i)]!;
    const cosine = before.x * after.x + before.y * after.y;
    // Is the offset side the inside of the turn here? (A right turn with a positive offset.)
    const inside = (before.x * after.y - before.y * after.x) * offset > 0;
    if (cosine < -0.5 && !inside) {
      shifted.push({ x: point.x + before.x * offset, y: point.y + before.y * offset });
      shifted.push({ x: point.x + after.x * offset, y: point.y + after.y * offset });
      return;
    }
    // The mitre keeps both neighbouring segments exactly `offset` away.
    const scale = offset / Math.max(0.05, 1 + cosine);
    shifted.push({ x: point.x + (before.x + after.x) * scale, y: point.y + (before.y + after.y) * scale });
  });
  return shifted;
}

const strictlyInside = (box: GridBox, point: Point): boolean =>
  point.x > box.left && point.x < box.right && point.y > box.top && point.y < box.bottom;

/** The point with a coordinate that rounding left a hair off the box's border put back on it. */
function onBorder(box: GridBox, point: Point): Point {
  const snap = (value: number, low: number, high: number) => (Math.abs(value - low) < 1e-6 ? low : Math.abs(value - high) < 1e-6 ? high : value);
  return { x: snap(point.x, box.left, box.right), y: snap(point.y, box.top, box.bottom) };
}

/** The drawn polyline: from where the line leaves `from` to ARROW_GAP before it reaches `to`. */
export function cutAtBorders(line: readonly Point[], from: GridBox, to: GridBox): Point[] {
  let first = 0;
  while (first + 2 < line.length && strictlyInside(from, line[first + 1]!)) first++;
  let last = line.length - 1;
  while (last - 2 > first && strictlyInside(to, line[last - 1]!)) last--;
  const a = line[first]!;
  const b = line[first + 1]!;
  const leave = Math.min(1, exitFraction(from, a.x, a.y, b.x, b.y));
  const start = onBorder(from, { x: a.x + (b.x - a.x) * leave, y: a.y + (b.y - a.y) * leave });
  const c = line[last]!;
  const before = last - 1 === first ? start : line[last - 1]!;
  const length = distance(before, c);
  // Back from the target's centre to its border, then ARROW_GAP more; when the boxes overlap
  // there is nothing to draw between them, so keep a short stub (never NaN).
  const arrive = exitFraction(to, c.x, c.y, before.x, before.y) * length + ARROW_GAP;
  const back = Math.min(arrive, Math.max(0, length - 1));
  const tip = length === 0 ? { x: c.x, y: c.y } : { x: c.x + ((before.x - c.x) * back) / length, y: c.y + ((before.y - c.y) * back) / length };
  return [start, ...line.slice(first + 1, last), tip];
}

/** The radius of the rounded corner at points[i]: at most `radius` and half of either neighbouring segment. */
export function cornerRadiusAt(points: readonly Point[], i: number, radius: number): number {
  return Math.min(radius, distance(points[i - 1]!, points[i]!) / 2, distance(points[i]!, points[i + 1]!) / 2);
}

/** Where the sign goes: on the last segment, near MARKER_BACK from the tip, where its circle touches no box. */
export function placeMarker(points: readonly Point[], radius: number, grid: SpatialGrid): { x: number; y: number; room: number } {
  const n = points.length;
  const tip = points[n - 1]!;
  const before = points[n - 2]!;
  // The straight part of the last segment ends where the previous corner's curve begins.
  const usable = distance(before, tip) - (n > 2 ? cornerRadiusAt(points, n - 2, radius) : 0);
  return markerSpot(before.x, before.y, tip.x, tip.y, usable, n === 2, grid);
}

/** True if the polyline crosses any box other than those it may cross (its ends). */
export function crossesOthers(points: readonly Point[], grid: SpatialGrid, ends: readonly GridBox[]): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (grid.firstCrossing(a.x, a.y, b.x, b.y, 0, ends) !== null) return true;
  }
  return false;
}

const number = (value: number): string => String(Math.round(value * 10) / 10);

/** The SVG path of the polyline with each corner rounded by a quadratic curve. */
export function roundedPath(points: readonly Point[], radius: number): string {
  const first = points[0]!;
  let path = `M ${number(first.x)} ${number(first.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const corner = points[i]!;
    const r = cornerRadiusAt(points, i, radius);
    const previous = points[i - 1]!;
    const next = points[i + 1]!;
    const into = distance(previous, corner) || 1;
    const out = distance(corner, next) || 1;
    const enter = { x: corner.x + ((previous.x - corner.x) * r) / into, y: corner.y + ((previous.y - corner.y) * r) / into };
    const leave = { x: corner.x + ((next.x - corner.x) * r) / out, y: corner.y + ((next.y - corner.y) * r) / out };
    path += ` L ${number(enter.x)} ${number(enter.y)} Q ${number(corner.x)} ${number(corner.y)} ${number(leave.x)} ${number(leave.y)}`;
  }
  const last = points[points.length - 1]!;
  return `${path} L ${number(last.x)} ${number(last.y)}`;
}

/**
 * The drawn route for a link's centre line: offset to its right (two-way pairs), cut at the
 * borders. Without the offset if the offset line would cross a box or leave no room for the
 * marker and the plain line does better.
 */
export function shapeRoute(line: readonly Point[], ends: readonly GridBox[], from: GridBox, to: GridBox, offset: number, radius: number, grid: SpatialGrid): Route {
  let fallback: Route | null = null;
  let last: Route | null = null;
  for (const shift of offset === 0 ? [0] : [offset, 0]) {
    const points = cutAtBorders(offsetPolyline(line, shift), from, to);
    const marker = placeMarker(points, radius, grid);
    last = { points, marker: { x: marker.x, y: marker.y }, path: '' };
    if (crossesOthers(points, grid, ends)) continue;
    if (marker.room >= MARKER_ROOM) return { ...last, path: roundedPath(points, radius) };
    fallback ??= last;
  }
  const chosen = fallback ?? last!;
  return { ...chosen, path: roundedPath(chosen.points, radius) };
}

/** A link from a statement to itself: a small loop over its top-right corner, back into its right side. */
export function selfLoop(box: GridBox): Route {
  const { right, top } = box;
  const points = [
    { x: right - 40, y: top },
    { x: right - 40, y: top - 30 },
    { x: right + 36, y: top - 30 },
    { x: right + 36, y: top + 30 },
    { x: right + ARROW_GAP, y: top + 30 },
  ];
  return { points, marker: { x: right + 20, y: top + 30 }, path: roundedPath(points, CORNER_RADIUS) };
}
