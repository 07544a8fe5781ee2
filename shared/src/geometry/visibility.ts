// Finding a way for one link around the statements in between: A* over a visibility graph
// whose nodes are the two statements' centres and the corners of the other statements' boxes
// grown by the clearance. Only the boxes that matter take part: first those the straight line
// crosses, then those that blocked a tried segment, then everything in a growing region. Edges
// are tested lazily, only when they would shorten the best known way to their end.
import { segmentCrossesRect, type Point } from './box.js';
import { lastSegmentHasRoom } from './marker.js';
import { NodeHeap } from './node-heap.js';
import { CORNER_RADIUS } from './route-shape.js';
import { exitFraction, type GridBox, type SpatialGrid } from './spatial-grid.js';

/** A way between two statements' centres that bends only at corners of grown boxes. */
export interface FoundPath {
  /** Source centre, the corners, target centre. */
  points: Point[];
  /** For each corner (points[1] to points[n-2]): which way is out of its box, as signs of x and y. */
  outward: Point[];
}

/** What one search is for. */
export interface SearchTask {
  from: GridBox;
  to: GridBox;
  /** Boxes the link may cross: its own two, and any statements piled onto them. */
  ends: readonly GridBox[];
  /** Room kept from every other box. */
  clearance: number;
  /** Room kept from its own two boxes where it passes them. */
  endMargin: number;
  /** Which segments need room for a sign marker: the last, also the first (two-way pairs), or none. */
  markers: 'last' | 'both' | 'none';
}

/** A rectangle that keeps growing to hold everything a search looked at. */
export interface Extent {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Cost of a bend, in px: among ways of equal length the one with fewer bends wins. */
const BEND_COST = 2;
/** The last segment should be long enough to carry the sign marker; shorter ones cost extra. */
const WANTED_LAST_SEGMENT = 56;
const SHORT_LAST_COST = 0.5;
/** Rounds of adding boxes before the search gives up at this clearance. */
const MAX_ROUNDS = 6;
const MAX_OBSTACLES = 64;
/** How much the region of boxes taken into account grows in a round without new blockers, and how often. */
const REGION_GROWTH = 240;
const MAX_GROWTHS = 2;

/** Extends the extent to hold the rectangle. */
export function extendExtent(extent: Extent, left: number, top: number, right: number, bottom: number): void {
  extent.left = Math.min(extent.left, left);
  extent.top = Math.min(extent.top, top);
  extent.right = Math.max(extent.right, right);
  extent.bottom = Math.max(extent.bottom, bottom);
}

// Math.hypot guards against overflow we cannot have here, and costs several times more.
const hypot = (dx: number, dy: number): number => Math.sqrt(dx * dx + dy * dy);

const strictlyInside = (box: GridBox, margin: number, x: number, y: number): boolean =>
  x > box.left - margin && x < box.right + margin && y > box.top - margin && y < box.bottom + margin;

/** One link's search, with scratch arrays reused from link to link. */
export class PathSearch {
  private xs = new Float64Array(64);
  private ys = new Float64Array(64);
  private sx = new Int8Array(64);
  private sy = new Int8Array(64);
  private cost = new Float64Array(64);
  private parent = new Int32Array(64);
  private closed = new Uint8Array(64);
  private readonly open = new NodeHeap();
  private count = 0;
  // The link being searched.
  private from!: GridBox;
  private to!: GridBox;
  private ends: readonly GridBox[] = [];
  private clearance = 0;
  private endMargin = 0;
  private markers: SearchTask['markers'] = 'last';
  private blocker: GridBox | null = null;
  /** Segment tests left for the current link: a way that cannot be found must not cost a frame. */
  budget = 0;

  constructor(private readonly grid: SpatialGrid) {}

  /**
   * A shortest way (among the corners considered) from the task's `from` centre to its `to`
   * centre whose drawn part keeps the clearances and has room for the sign markers; null if
   * there is none. Everything examined is added to `extent`.
   */
  find(task: SearchTask, extent: Extent): FoundPath | null {
    const { from, to, ends, clearance } = task;
    this.from = from;
    this.to = to;
    this.ends = ends;
    this.clearance = clearance;
    this.endMargin = task.endMargin;
    this.markers = task.markers;
    const sx = (from.left + from.right) / 2;
    const sy = (from.top + from.bottom) / 2;
    const gx = (to.left + to.right) / 2;
    const gy = (to.top + to.bottom) / 2;
    extendExtent(extent, Math.min(sx, gx), Math.min(sy, gy), Math.max(sx, gx), Math.max(sy, gy));
    this.setNode(0, sx, sy, 0, 0);
    this.setNode(1, gx, gy, 0, 0);
    this.count = 2;
    if (this.visible(0, 1)) return { points: [{ x: sx, y: sy }, { x: gx, y: gy }], outward: [] };

    const obstacles = this.grid.allCrossing(sx, sy, gx, gy, clearance, ends);
    const taken = new Set(obstacles);
    const blockers = new Set<GridBox>();
    const region: Extent = { left: Math.min(sx, gx), top: Math.min(sy, gy), right: Math.max(sx, gx), bottom: Math.max(sy, gy) };
    let growths = 0;
    let best: FoundPath | null = null;
    for (let round = 0; round < MAX_ROUNDS && obstacles.length > 0 && this.budget > 0; round++) {
      for (const box of obstacles) {
        extendExtent(extent, box.left - clearance, box.top - clearance, box.right + clearance, box.bottom + clearance);
        extendExtent(region, box.left - clearance, box.top - clearance, box.right + clearance, box.bottom + clearance);
      }
      const found = this.search(obstacles, blockers);
      let added = [...blockers].filter((box) => !taken.has(box));
      blockers.clear();
      if (found !== null) {
        // With more corners to choose from a way only gets shorter.
        best = found;
        // A way that turns back, or wanders far, went around boxes it did not know: learn them and look again.
        if (added.length === 0 || !wanders(found.points)) return found;
      } else if (added.length === 0 && growths < MAX_GROWTHS) {
        // Nothing new blocked the way: take in every box of a wider region around it.
        const growth = REGION_GROWTH * ++growths;
        const { left, top, right, bottom } = region;
        extendExtent(extent, left - growth, top - growth, right + growth, bottom + growth);
        added = this.grid.inRect(left - growth, top - growth, right + growth, bottom + growth, clearance, ends).filter((box) => !taken.has(box));
      }
      if (added.length === 0 || obstacles.length + added.length > MAX_OBSTACLES) return best;
      for (const box of added) {
        taken.add(box);
        obstacles.push(box);
      }
    }
    return best;
  }

  /** A* over the centres and the usable corners of these boxes; records what blocked tried segments. */
  private search(obstacles: readonly GridBox[], blockers: Set<GridBox>): FoundPath | null {
    this.count = 2;
    this.ensureNodes(2 + 4 * obstacles.length);
    const c = this.clearance;
    for (const box of obstacles) {
      this.addCorner(box.left - c, box.top - c, -1, -1);
      this.addCorner(box.right + c, box.top - c, 1, -1);
      this.addCorner(box.left - c, box.bottom + c, -1, 1);
      this.addCorner(box.right + c, box.bottom + c, 1, 1);
    }
    const { xs, ys, sx, sy, cost, parent, closed } = this;
    const n = this.count;
    cost.fill(Infinity, 0, n);
    parent.fill(-1, 0, n);
    closed.fill(0, 0, n);
    this.open.size = 0;
    const gx = xs[1]!;
    const gy = ys[1]!;
    cost[0] = 0;
    this.open.push(0, hypot(xs[0]! - gx, ys[0]! - gy));
    while (this.open.size > 0) {
      const u = this.open.pop();
      if (closed[u] === 1) continue;
      closed[u] = 1;
      if (u === 1) return this.pathTo(1);
      const ux = xs[u]!;
      const uy = ys[u]!;
      const uSign = sx[u]! * sy[u]!;
      for (let v = 1; v < n; v++) {
        if (closed[v] === 1) continue;
        const dx = xs[v]! - ux;
        const dy = ys[v]! - uy;
        // A shortest way only bends around a corner, so it runs along, never into, that box.
        if (dx * dy * uSign > 0 || dx * dy * sx[v]! * sy[v]! > 0) continue;
        let step = hypot(dx, dy) + (v === 1 ? 0 : BEND_COST);
        if (v === 1) {
          const visibleLength = hypot(dx, dy) * (1 - exitFraction(this.to, xs[1]!, ys[1]!, ux, uy));
          step += Math.max(0, WANTED_LAST_SEGMENT - visibleLength) * SHORT_LAST_COST;
        }
        const reached = cost[u]! + step;
        if (reached >= cost[v]!) continue;
        if (!this.visible(u, v)) {
          if (this.blocker !== null) blockers.add(this.blocker);
          if (this.budget <= 0) return null;
          continue;
        }
        cost[v] = reached;
        parent[v] = u;
        this.open.push(v, reached + hypot(xs[v]! - gx, ys[v]! - gy));
      }
    }
    return null;
  }

  /** True if the visible part of the segment between nodes u and v keeps its clearances. */
  private visible(u: number, v: number): boolean {
    this.budget--;
    this.blocker = null;
    const { xs, ys, from, to } = this;
    let ax = xs[u]!;
    let ay = ys[u]!;
    let bx = xs[v]!;
    let by = ys[v]!;
    // Only what is drawn counts: a segment from a centre starts where it leaves that box.
    const leave = u === 0 ? exitFraction(from, ax, ay, bx, by) : 0;
    const arrive = v === 1 ? exitFraction(to, bx, by, ax, ay) : 0;
    if (leave + arrive >= 1) return u === 0 && v === 1;
    if (leave > 0) {
      ax += (xs[v]! - xs[u]!) * leave;
      ay += (ys[v]! - ys[u]!) * leave;
    }
    if (arrive > 0) {
      bx += (xs[u]! - xs[v]!) * arrive;
      by += (ys[u]! - ys[v]!) * arrive;
    }
    const m = this.endMargin;
    if (u !== 0 && crosses(ax, ay, bx, by, from, m)) return false;
    if (v !== 1 && crosses(ax, ay, bx, by, to, m)) return false;
    this.blocker = this.grid.firstCrossing(ax, ay, bx, by, this.clearance, this.ends);
    if (this.blocker !== null) return false;
    // A bent link's last segment must have room for its sign; so must the first, for a two-way pair.
    const radius = Math.min(CORNER_RADIUS, this.clearance / 2);
    if (this.markers === 'none') return true;
    if (v === 1 && u !== 0 && !lastSegmentHasRoom(ax, ay, bx, by, radius, this.grid)) return false;
    return u !== 0 || v === 1 || this.markers !== 'both' || lastSegmentHasRoom(bx, by, ax, ay, radius, this.grid);
  }

  private addCorner(x: number, y: number, signX: number, signY: number): void {
    // A corner inside another grown box, or too near either end, is no place to bend.
    if (strictlyInside(this.from, this.endMargin, x, y) || strictlyInside(this.to, this.endMargin, x, y)) return;
    if (this.grid.insideAny(x, y, this.clearance, this.ends)) return;
    this.setNode(this.count++, x, y, signX, signY);
  }

  private setNode(index: number, x: number, y: number, signX: number, signY: number): void {
    this.xs[index] = x;
    this.ys[index] = y;
    this.sx[index] = signX;
    this.sy[index] = signY;
  }

  private pathTo(goal: number): FoundPath {
    const nodes: number[] = [];
    for (let node = goal; node >= 0; node = this.parent[node]!) nodes.push(node);
    nodes.reverse();
    // Pull the string tight: a corner whose neighbours see each other is not needed. (Where
    // grown boxes touch, the corner rule can leave such detours, even ones that turn back.)
    for (let i = 1; i + 1 < nodes.length; ) {
      if (this.visible(nodes[i - 1]!, nodes[i + 1]!)) nodes.splice(i, 1);
      else i++;
    }
    return {
      points: nodes.map((node) => ({ x: this.xs[node]!, y: this.ys[node]! })),
      outward: nodes.slice(1, -1).map((node) => ({ x: this.sx[node]!, y: this.sy[node]! })),
    };
  }

  private ensureNodes(size: number): void {
    if (size <= this.xs.length) return;
    const capacity = Math.max(size, this.xs.length * 2);
    // Nodes 0 and 1 (the two centres) are set before the corners, so they are copied over.
    const xs = new Float64Array(capacity);
    const ys = new Float64Array(capacity);
    xs.set(this.xs);
    ys.set(this.ys);
    this.xs = xs;
    this.ys = ys;
    this.sx = new Int8Array(capacity);
    this.sy = new Int8Array(capacity);
    this.cost = new Float64Array(capacity);
    this.parent = new Int32Array(capacity);
    this.closed = new Uint8Array(capacity);
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

function crosses(ax: number, ay: number, bx: number, by: number, box: GridBox, margin: number): boolean {
  const left = box.left - margin;
  const right = box.right + margin;
  const top = box.top - margin;
  const bottom = box.bottom + margin;
  // Quick reject before the exact test: most segments are nowhere near the ends.
  if (Math.max(ax, bx) <= left || Math.min(ax, bx) >= right || Math.max(ay, by) <= top || Math.min(ay, by) >= bottom) return false;
  return segmentCrossesRect(ax, ay, bx, by, left, top, right, bottom);
}
