// Plain 2-D geometry on the canvas: statement boxes, points and line segments. Everything that
// decides where a statement or a link may be drawn (layout, routing, placement, exports)
// measures with these, so "does this cross that" has one answer everywhere.

export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned box; x, y is its top-left corner (as statement positions are). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A statement's box on the canvas, by statement id. */
export interface StatementBox extends Box {
  id: string;
}

export const centreOf = (box: Box): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** The box grown by `margin` on every side (shrunk for a negative margin). */
export function inflate(box: Box, margin: number): Box {
  return { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin };
}

/** True if the two boxes share any area (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** True if the point lies strictly inside the box. */
export function containsPoint(box: Box, point: Point): boolean {
  return point.x > box.x && point.x < box.x + box.width && point.y > box.y && point.y < box.y + box.height;
}

/**
 * True if the segment from `a` to `b` passes through the inside of the box (Liang–Barsky
 * clipping). A segment that only runs along an edge or touches a corner does not cross it.
 * @example segmentCrossesBox({x: 0, y: 5}, {x: 20, y: 5}, {x: 5, y: 0, width: 10, height: 10}) // true
 */
export function segmentCrossesBox(a: Point, b: Point, box: Box): boolean {
  return segmentCrossesRect(a.x, a.y, b.x, b.y, box.x, box.y, box.x + box.width, box.y + box.height);
}

/**
 * segmentCrossesBox for hot loops (the link router tests thousands of segments per frame):
 * the same answer, from plain numbers and without allocating.
 */
export function segmentCrossesRect(ax: number, ay: number, bx: number, by: number, left: number, top: number, right: number, bottom: number): boolean {
  // Most segments tested lie wholly to one side of the box: a cheap answer first (the same one
  // the clipping would give).
  if ((ax <= left && bx <= left) || (ax >= right && bx >= right) || (ay <= top && by <= top) || (ay >= bottom && by >= bottom)) return false;
  const dx = bx - ax;
  const dy = by - ay;
  let t0 = 0;
  let t1 = 1;
  for (let edge = 0; edge < 4; edge++) {
    const p = edge === 0 ? -dx : edge === 1 ? dx : edge === 2 ? -dy : dy;
    const q = edge === 0 ? ax - left : edge === 1 ? right - ax : edge === 2 ? ay - top : bottom - ay;
    if (p === 0) {
      // Parallel to this edge: outside or on it means no crossing.
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return false;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return false;
      if (t < t1) t1 = t;
    }
  }
  // A crossing has some length inside the box.
  return t1 - t0 > 1e-9 && Math.sqrt(dx * dx + dy * dy) * (t1 - t0) > 1e-6;
}

/** How far the point is from the box: 0 on its border or inside. */
export function distanceToBox(point: Point, box: Box): number {
  const dx = Math.max(box.x - point.x, 0, point.x - box.x - box.width);
  const dy = Math.max(box.y - point.y, 0, point.y - box.y - box.height);
  return Math.hypot(dx, dy);
}

/** True if any segment of the polyline crosses the box. */
export function polylineCrossesBox(points: readonly Point[], box: Box): boolean {
  for (let i = 1; i < points.length; i++) {
    if (segmentCrossesBox(points[i - 1]!, points[i]!, box)) return true;
  }
  return false;
}

/** True if the two segments cross or touch. */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const cross = (o: Point, p: Point, q: Point) => (p.x - o.x) * (q.y - o.y) - (p.y - o.y) * (q.x - o.x);
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSegment = (o: Point, p: Point, q: Point) =>
    Math.min(o.x, p.x) <= q.x && q.x <= Math.max(o.x, p.x) && Math.min(o.y, p.y) <= q.y && q.y <= Math.max(o.y, p.y);
  return (
    (d1 === 0 && onSegment(c, d, a)) ||
    (d2 === 0 && onSegment(c, d, b)) ||
    (d3 === 0 && onSegment(a, b, c)) ||
    (d4 === 0 && onSegment(a, b, d))
  );
}

/** The smallest box holding all the boxes; null for none. */
export function boundsOf(boxes: Iterable<Box>): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const box of boxes) {
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + box.width);
    maxY = Math.max(maxY, box.y + box.height);
  }
  return Number.isFinite(minX) ? { x: minX, y: minY, width: maxX - minX, height: maxY - minY } : null;
}

/**
 * Where a ray from `inside` along `direction` leaves the box: the point on its border.
 * Used to start and end links at the border of their statements.
 */
export function borderPoint(box: Box, inside: Point, direction: Point): Point {
  const alongX =
    direction.x > 0 ? (box.x + box.width - inside.x) / direction.x : direction.x < 0 ? (box.x - inside.x) / direction.x : Infinity;
  const alongY =
    direction.y > 0 ? (box.y + box.height - inside.y) / direction.y : direction.y < 0 ? (box.y - inside.y) / direction.y : Infinity;
  const distance = Math.min(alongX, alongY);
  const t = Number.isFinite(distance) ? Math.max(0, distance) : 0;
  return { x: inside.x + direction.x * t, y: inside.y + direction.y * t };
}
