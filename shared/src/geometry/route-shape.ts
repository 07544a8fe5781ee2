// From a link's centre line (statement centre, corners, statement centre) to what is drawn:
// shifted to its own side for a two-way pair, cut at the two borders, a sign marker in clear
// space on the last segment, and an SVG path with rounded corners.
import type { Point } from './box.js';
import { ARROW_GAP, CORNER_RADIUS, MARKER_BACK, markerSpot, MARKER_ROOM } from './marker.js';
import type { Route } from './route.js';
import { crossing, exitFraction, inside, type GridBox } from './spatial-grid.js';

const distance = (a: Point, b: Point): number => Math.hypot(b.x - a.x, b.y - a.y);

/** The point `by` px from `a` towards `b`, which are `length` px apart. */
const toward = (a: Point, b: Point, by: number, length: number): Point => ({ x: a.x + ((b.x - a.x) * by) / length, y: a.y + ((b.y - a.y) * by) / length });

/**
 * The polyline moved `offset` px to its right-hand side (y grows downwards). Corners are mitred;
 * a sharp turn away from the offset side gets a bevel (two points), so the line never folds back.
 */
function offsetPolyline(points: readonly Point[], offset: number): readonly Point[] {
  if (offset === 0 || points.length < 2) return points;
  const normals = points.slice(1).map((b, i) => {
    const a = points[i]!;
    const length = distance(a, b) || 1;
    return { x: -(b.y - a.y) / length, y: (b.x - a.x) / length };
  });
  return points.flatMap((point, i) => {
    const before = normals[Math.max(0, i - 1)]!;
    const after = normals[Math.min(normals.length - 1, i)]!;
    const cosine = before.x * after.x + before.y * after.y;
    const move = (x: number, y: number, by: number): Point => ({ x: point.x + x * by, y: point.y + y * by });
    // Is the offset side the inside of the turn here? (A right turn with a positive offset.)
    if (cosine < -0.5 && (before.x * after.y - before.y * after.x) * offset <= 0) return [move(before.x, before.y, offset), move(after.x, after.y, offset)];
    // The mitre keeps both neighbouring segments exactly `offset` away.
    return [move(before.x + after.x, before.y + after.y, offset / Math.max(0.05, 1 + cosine))];
  });
}

/** The drawn polyline: from where the line leaves `from` to ARROW_GAP before it reaches `to`. */
function cutAtBorders(line: readonly Point[], from: GridBox, to: GridBox): Point[] {
  const within = (box: GridBox, point: Point): boolean => inside(box, 0, point.x, point.y);
  let first = 0;
  while (first + 2 < line.length && within(from, line[first + 1]!)) first++;
  let last = line.length - 1;
  while (last - 2 > first && within(to, line[last - 1]!)) last--;
  const a = line[first]!;
  const b = line[first + 1]!;
  const t = Math.min(1, exitFraction(from, a.x, a.y, b.x, b.y));
  const leave = { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t };
  // Put back on the border a coordinate that rounding left a hair off it.
  const snap = (value: number, low: number, high: number): number => (Math.abs(value - low) < 1e-6 ? low : Math.abs(value - high) < 1e-6 ? high : value);
  const start = { x: snap(leave.x, from.left, from.right), y: snap(leave.y, from.top, from.bottom) };
  const c = line[last]!;
  const before = last - 1 === first ? start : line[last - 1]!;
  const length = distance(before, c);
  // Back from the target's centre to its border, then ARROW_GAP more; when the boxes overlap
  // there is nothing to draw between them, so keep a short stub (never NaN).
  const back = Math.min(exitFraction(to, c.x, c.y, before.x, before.y) * length + ARROW_GAP, Math.max(0, length - 1));
  const tip = toward(c, before, back, length || 1);
  return [start, ...line.slice(first + 1, last), tip];
}

/** The radius of the rounded corner at points[i]: at most `radius` and half of either neighbouring segment. */
const cornerRadiusAt = (points: readonly Point[], i: number, radius: number): number =>
  Math.min(radius, distance(points[i - 1]!, points[i]!) / 2, distance(points[i]!, points[i + 1]!) / 2);

const number = (value: number): string => String(Math.round(value * 10) / 10);
const pair = (point: Point): string => `${number(point.x)} ${number(point.y)}`;

/** The SVG path of the polyline with each corner rounded by a quadratic curve. */
function roundedPath(points: readonly Point[], radius: number): string {
  let path = `M ${pair(points[0]!)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const corner = points[i]!;
    const r = cornerRadiusAt(points, i, radius);
    const previous = points[i - 1]!;
    const next = points[i + 1]!;
    path += ` L ${pair(toward(corner, previous, r, distance(previous, corner) || 1))} Q ${pair(corner)} ${pair(toward(corner, next, r, distance(corner, next) || 1))}`;
  }
  return `${path} L ${pair(points[points.length - 1]!)}`;
}

/**
 * The drawn route for a link's centre line: offset to its right (two-way pairs), cut at the
 * borders, the sign on the last segment (near MARKER_BACK from the tip, where its circle touches
 * no box). Without the offset if the offset line would cross a box or leave no room for the
 * marker and the plain line does better.
 */
export function shapeRoute(line: readonly Point[], ends: readonly GridBox[], from: GridBox, to: GridBox, offset: number, radius: number): Route {
  let fallback: Route | null = null;
  let last: Route | null = null;
  for (const shift of offset === 0 ? [0] : [offset, 0]) {
    const points = cutAtBorders(offsetPolyline(line, shift), from, to);
    const n = points.length;
    const tip = points[n - 1]!;
    const before = points[n - 2]!;
    // The straight part of the last segment ends where the previous corner's curve begins.
    const usable = distance(before, tip) - (n > 2 ? cornerRadiusAt(points, n - 2, radius) : 0);
    const marker = markerSpot(before.x, before.y, tip.x, tip.y, usable, n === 2);
    last = { points, marker: { x: marker.x, y: marker.y }, path: '' };
    // Links may cross only their own ends.
    if (points.some((b, i) => i > 0 && crossing(points[i - 1]!.x, points[i - 1]!.y, b.x, b.y, 0, ends) !== null)) continue;
    if (marker.room >= MARKER_ROOM) {
      fallback = last;
      break;
    }
    fallback ??= last;
  }
  const chosen = fallback ?? last!;
  return { ...chosen, path: roundedPath(chosen.points, radius) };
}

/**
 * The route straight between the boxes' centres (shifted by `offset` for a two-way pair), cut at
 * their borders, the sign MARKER_BACK from the tip (halfway on a short link). It looks for no
 * way around other statements, nor for clear room for the sign: it needs no grid, and is quick.
 */
export function straightRoute(from: GridBox, to: GridBox, offset: number): Route {
  const centre = (box: GridBox): Point => ({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
  const points = cutAtBorders(offsetPolyline([centre(from), centre(to)], offset), from, to);
  const tip = points[points.length - 1]!;
  const before = points[points.length - 2]!;
  const length = distance(before, tip);
  const marker = toward(tip, before, Math.min(MARKER_BACK, length / 2), length || 1);
  return { points, marker, path: roundedPath(points, CORNER_RADIUS) };
}

/** A link from a statement to itself: a small loop over its top-right corner, back into its right side. */
export function selfLoop(box: GridBox): Route {
  const { right, top } = box;
  // Each point as how far left of the right side and above the top it is.
  const points = [
    [40, 0],
    [40, 30],
    [-36, 30],
    [-36, -30],
    [-ARROW_GAP, -30],
  ].map(([left, up]) => ({ x: right - left!, y: top - up! }));
  return { points, marker: { x: right + 20, y: top + 30 }, path: roundedPath(points, CORNER_RADIUS) };
}
