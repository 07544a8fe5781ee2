// Finding a way for one link around the statements in between: A* over a visibility graph
// whose nodes are the two statements' centres and the corners of the other statements' boxes
// grown by the clearance. Only the boxes that matter take part: first those the straight line
// crosses, then those that blocked a tried segment, then everything in a growing region. Edges
// are tested lazily, only when they would shorten the best known way to their end.
import { segmentCrossesRect, type Point } from './box.js';
import { CORNER_RADIUS, lastSegmentHasRoom } from './marker.js';
import { byId, crossing, exitFraction, extend, grown, inRect, inside, insideAny, type GridBox, type Rect } from './spatial-grid.js';

/** A way between two statements' centres that bends only at corners of grown boxes. */
export interface FoundPath {
  /** Source centre, the corners, target centre. */
  points: Point[];
  /** For each corner (points[1] to points[n-2]): which way is out of its box, as signs of x and y. */
  outward: Point[];
  /** The clearance it was found with (smaller when the statements are packed tightly). */
  clearance: number;
}

/** What each drawn segment of a link's centre line must keep clear of. */
export interface Rules {
  from: GridBox;
  to: GridBox;
  /** Boxes the link may cross: its own two, and any statements piled onto them. */
  ends: readonly GridBox[];
  /** Room kept from every other box. */
  clearance: number;
  /** Room kept from its own two boxes where it passes them. */
  endMargin: number;
  /** Radius of its rounded corners, which take straight length from the marker's segment. */
  radius: number;
  /** Segments that need room for a sign marker: 0 none, 1 the last, 2 the first too (two-way pairs). */
  markers: number;
  /**
   * Set by a search: every box, its ends left out, that a segment within the search's region
   * can come near. Tests then look through these few instead of walking the grid.
   */
  near?: Near;
}

/**
 * Boxes near a search, by their left edge, with their rectangles grown by the clearance side by
 * side in one array: a segment's test looks only at those starting left of its right end.
 */
interface Near {
  boxes: readonly GridBox[];
  /** left, top, right, bottom of each box, grown. */
  rects: Float64Array;
  /** The greatest width of a grown box: boxes starting further left of a segment end before it. */
  widest: number;
}

const NO_BOXES: Near = { boxes: [], rects: new Float64Array(0), widest: 0 };

function nearOf(found: readonly GridBox[], margin: number): Near {
  const boxes = [...found].sort((a, b) => a.left - b.left || byId(a, b));
  const rects = new Float64Array(boxes.length * 4);
  let widest = 0;
  boxes.forEach((box, i) => {
    rects.set([box.left - margin, box.top - margin, box.right + margin, box.bottom + margin], i * 4);
    widest = Math.max(widest, box.right - box.left + 2 * margin);
  });
  return { boxes, rects, widest };
}

/** The index of the first of the first `count` rectangles (sorted by left edge) starting at or right of x. */
function firstFrom(rects: Float64Array, count: number, x: number): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (rects[middle * 4]! < x) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The first of the near boxes (by left edge) the segment crosses. */
function firstCrossing({ boxes, rects, widest }: Near, ax: number, ay: number, bx: number, by: number): GridBox | null {
  const minX = Math.min(ax, bx);
  const maxX = Math.max(ax, bx);
  const minY = Math.min(ay, by);
  const maxY = Math.max(ay, by);
  // Only boxes starting between (the segment's left end less the widest box) and its right end can meet it.
  const end = firstFrom(rects, boxes.length, maxX);
  for (let i = firstFrom(rects, end, minX - widest), k = i * 4; i < end; i++, k += 4) {
    const right = rects[k + 2]!;
    const top = rects[k + 1]!;
    const bottom = rects[k + 3]!;
    if (right <= minX || bottom <= minY || top >= maxY) continue;
    if (segmentCrossesRect(ax, ay, bx, by, rects[k]!, top, right, bottom)) return boxes[i]!;
  }
  return null;
}

/** Room kept between a link and its own two statements where it passes them, at most. */
const END_MARGIN = 10;
/** Cost of a bend, in px: among ways of equal length the one with fewer bends wins. */
const BEND_COST = 2;
/** The last segment should be long enough to carry the sign marker; shorter ones cost extra. */
const WANTED_LAST_SEGMENT = 56;
const SHORT_LAST_COST = 0.5;
/** Rounds of adding boxes before the search gives up at a clearance. */
const MAX_ROUNDS = 6;
const MAX_OBSTACLES = 64;
/** How much the region of boxes taken into account grows in a round without new blockers, and how often. */
const REGION_GROWTH = 240;
const MAX_GROWTHS = 2;
/** Segment tests one link's search may make, over all clearances: a few milliseconds at most. */
const SEARCH_BUDGET = 4000;

/** The four corners of a box, as the way out of the box there (signs of x and y), in the order tried. */
const CORNERS: readonly Point[] = [
  { x: -1, y: -1 },
  { x: 1, y: -1 },
  { x: -1, y: 1 },
  { x: 1, y: 1 },
];
/** The way out of the centres' boxes: none (the corner rule does not apply to them). */
const NOWHERE: Point = { x: 0, y: 0 };

// Math.hypot guards against overflow we cannot have here, and costs several times more.
const hypot = (dx: number, dy: number): number => Math.sqrt(dx * dx + dy * dy);

/** The rules for a link between these boxes, found with this clearance. */
export const rulesFor = (from: GridBox, to: GridBox, ends: readonly GridBox[], clearance: number, markers: number): Rules => ({
  from,
  to,
  ends,
  clearance,
  endMargin: Math.min(END_MARGIN, clearance),
  radius: Math.min(CORNER_RADIUS, clearance / 2),
  markers,
});

/** The other statement that made the last segment test fail, if one did (the search learns it). */
let blocker: GridBox | null = null;

/**
 * True if the drawn part of a segment keeps the rules: `first` and `last` say it starts at the
 * source's centre or ends at the target's, where only what lies outside those boxes counts.
 * (Its corners must also lie outside both ends grown by the end margin: see the callers.)
 */
export function segmentClear(rules: Rules, ax: number, ay: number, bx: number, by: number, first: boolean, last: boolean): boolean {
  const { from, to, endMargin: m, radius } = rules;
  blocker = null;
  const leave = first ? exitFraction(from, ax, ay, bx, by) : 0;
  const arrive = last ? exitFraction(to, bx, by, ax, ay) : 0;
  if (leave + arrive >= 1) return first && last;
  // A corner too near either end is no place to bend.
  if (!first && (inside(from, m, ax, ay) || inside(to, m, ax, ay))) return false;
  if (!last && (inside(from, m, bx, by) || inside(to, m, bx, by))) return false;
  const dx = bx - ax;
  const dy = by - ay;
  ax += dx * leave;
  ay += dy * leave;
  bx -= dx * arrive;
  by -= dy * arrive;
  if (!first && segmentCrossesRect(ax, ay, bx, by, from.left - m, from.top - m, from.right + m, from.bottom + m)) return false;
  if (!last && segmentCrossesRect(ax, ay, bx, by, to.left - m, to.top - m, to.right + m, to.bottom + m)) return false;
  blocker = rules.near ? firstCrossing(rules.near, ax, ay, bx, by) : crossing(ax, ay, bx, by, rules.clearance, rules.ends);
  if (blocker !== null) return false;
  // A bent link's last segment must have room for its sign; so must the first, for a two-way pair.
  if (rules.markers === 0 || first === last) return true;
  return last ? lastSegmentHasRoom(ax, ay, bx, by, radius) : rules.markers < 2 || lastSegmentHasRoom(bx, by, ax, ay, radius);
}

/**
 * A shortest way (among the corners considered) from the centre of `from` to that of `to`
 * whose drawn part keeps the clearance and has room for the sign `markers` (see Rules), trying
 * each clearance in turn; the last one is the last resort, which does without the markers. Null
 * if none has a way. Everything examined is added to `extent`.
 */
export function findPath(from: GridBox, to: GridBox, ends: readonly GridBox[], clearances: readonly number[], wanted: number, extent: Rect): FoundPath | null {
  let budget = SEARCH_BUDGET;
  const sx = (from.left + from.right) / 2;
  const sy = (from.top + from.bottom) / 2;
  const gx = (to.left + to.right) / 2;
  const gy = (to.top + to.bottom) / 2;
  const start = { x: sx, y: sy };
  const goal = { x: gx, y: gy };
  for (const [i, clearance] of clearances.entries()) {
    // The last resort gets a budget of its own.
    const lastResort = i === clearances.length - 1;
    if (lastResort) budget = Math.max(budget, SEARCH_BUDGET / 2);
    // Where the search looked: the centres and the boxes it went around (and regions it took in, below).
    const region: Rect = { left: Math.min(sx, gx), top: Math.min(sy, gy), right: Math.max(sx, gx), bottom: Math.max(sy, gy) };
    const found = searchAt(clearance, lastResort ? 0 : wanted, region);
    extend(extent, region, 0);
    if (found !== null) return found;
  }
  return null;

  function searchAt(clearance: number, markers: number, region: Rect): FoundPath | null {
    // The boxes to go around: those in the straight line's way, then those that blocked tried segments.
    const obstacles: GridBox[] = [];
    crossing(sx, sy, gx, gy, clearance, ends, obstacles);
    // Most links have a clear straight line: then no box near it needs looking at (the drawn part
    // lies within the line), only the rules about its ends and its sign.
    const rules: Rules = { ...rulesFor(from, to, ends, clearance, markers), near: obstacles.length === 0 ? NO_BOXES : nearOf(inRect(region, clearance, ends), clearance) };
    // The graph's nodes: 0 and 1 are the two centres, then the usable corners, each with the way
    // out of its box (as signs of x and y).
    const nodes: Point[] = [start, goal];
    const outs: Point[] = [NOWHERE, NOWHERE];
    /** Tests the segment between nodes u and v. */
    const visible = (u: number, v: number): boolean => {
      budget--;
      return segmentClear(rules, nodes[u]!.x, nodes[u]!.y, nodes[v]!.x, nodes[v]!.y, u === 0, v === 1);
    };
    const done = (path: number[]): FoundPath => ({ points: path.map((k) => nodes[k]!), outward: path.slice(1, -1).map((k) => outs[k]!), clearance });

    /** A* over the centres and the corners. */
    const aStar = (): FoundPath | null => {
      const cost = nodes.map(() => Infinity);
      // Cost so far plus the straight distance on; Infinity for nodes not reached yet.
      const estimate = nodes.map(() => Infinity);
      const parent = nodes.map(() => -1);
      const closed = nodes.map(() => false);
      cost[0] = 0;
      estimate[0] = hypot(sx - gx, sy - gy);
      for (;;) {
        // The open node with the least estimate, the lower number among equals. (A heap does not
        // pay here: every step below looks at all the nodes anyway.)
        let u = -1;
        for (let k = 0, least = Infinity; k < nodes.length; k++) {
          if (!closed[k] && estimate[k]! < least) {
            least = estimate[k]!;
            u = k;
          }
        }
        if (u < 0) return null;
        closed[u] = true;
        if (u === 1) {
          const path: number[] = [];
          for (let k = 1; k >= 0; k = parent[k]!) path.unshift(k);
          // Pull the string tight: a corner whose neighbours see each other is not needed. (Where
          // grown boxes touch, the corner rule can leave such detours, even ones that turn back.)
          for (let k = 1; k + 1 < path.length; ) {
            if (visible(path[k - 1]!, path[k + 1]!)) path.splice(k, 1);
            else k++;
          }
          return done(path);
        }
        const { x, y } = nodes[u]!;
        const into = outs[u]!.x * outs[u]!.y;
        for (let v = 1; v < nodes.length; v++) {
          if (closed[v]) continue;
          const dx = nodes[v]!.x - x;
          const dy = nodes[v]!.y - y;
          // A shortest way only bends around a corner, so it runs along, never into, that box.
          if (dx * dy * into > 0 || dx * dy * outs[v]!.x * outs[v]!.y > 0) continue;
          let step = hypot(dx, dy) + (v === 1 ? 0 : BEND_COST);
          if (v === 1) step += Math.max(0, WANTED_LAST_SEGMENT - hypot(dx, dy) * (1 - exitFraction(to, gx, gy, x, y))) * SHORT_LAST_COST;
          const reached = cost[u]! + step;
          if (reached >= cost[v]!) continue;
          if (!visible(u, v)) {
            // Learn the box that blocked it.
            if (blocker !== null && !obstacles.includes(blocker)) obstacles.push(blocker);
            if (budget <= 0) return null;
            continue;
          }
          cost[v] = reached;
          parent[v] = u;
          estimate[v] = reached + hypot(nodes[v]!.x - gx, nodes[v]!.y - gy);
        }
      }
    };

    if (visible(0, 1)) return done([0, 1]);
    let growths = 0;
    let best: FoundPath | null = null;
    for (let round = 0; round < MAX_ROUNDS && obstacles.length > 0 && budget > 0; round++) {
      const known = obstacles.length;
      nodes.length = outs.length = 2;
      for (const box of obstacles) {
        extend(region, box, clearance);
        for (const out of CORNERS) {
          const x = out.x < 0 ? box.left - clearance : box.right + clearance;
          const y = out.y < 0 ? box.top - clearance : box.bottom + clearance;
          // A corner inside another grown box, or too near either end, is no place to bend.
          if (inside(from, rules.endMargin, x, y) || inside(to, rules.endMargin, x, y) || insideAny(x, y, clearance, ends)) continue;
          nodes.push({ x, y });
          outs.push(out);
        }
      }
      // Every node lies in the region, so every segment tested does too.
      rules.near = nearOf(inRect(region, clearance, ends), clearance);
      const found = aStar();
      if (found !== null) {
        // With more corners to choose from a way only gets shorter.
        best = found;
        // A way that turns back, or wanders far, went around boxes it did not know: learn them and look again.
        if (obstacles.length === known || !wanders(found.points)) return found;
      } else if (obstacles.length === known && growths < MAX_GROWTHS) {
        // Nothing new blocked the way: take in every box of a wider region around it.
        const growth = REGION_GROWTH * ++growths;
        extend(extent, region, growth);
        for (const box of inRect(grown(region, growth), clearance, ends)) if (!obstacles.includes(box)) obstacles.push(box);
      }
      if (obstacles.length === known || obstacles.length > MAX_OBSTACLES) return best;
    }
    return best;
  }
}

/** True if the way turns back on itself somewhere, or is more than twice as long as the straight line. */
function wanders(points: readonly Point[]): boolean {
  let length = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    length += hypot(b.x - a.x, b.y - a.y);
    const c = points[i + 1];
    if (c !== undefined && (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) < -0.5 * hypot(b.x - a.x, b.y - a.y) * hypot(c.x - b.x, c.y - b.y)) return true;
  }
  const first = points[0]!;
  const last = points[points.length - 1]!;
  return length > 2 * hypot(last.x - first.x, last.y - first.y) + 200;
}
