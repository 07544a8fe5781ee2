// The link router: where each link is drawn so that it never runs across a statement it does
// not join. Links whose straight line is clear stay straight; the others go around the boxes in
// the way (visibility.ts), bending at corners of boxes grown by the clearance. The client calls
// it on every render, so it keeps its work between calls and routes again only what a change
// can have touched: a route depends only on the boxes within its recorded extent.
// The router is one closure rather than a class: its state and helpers are local names, which
// a minifier shortens (this code is on every map page's first load, whose size has a budget).
import { segmentCrossesRect, type Point, type StatementBox } from './box.js';
import { nudgeCorners, PAIR_OFFSET, pairOffset, share, type Sharing } from './corner-nudge.js';
import { CORNER_RADIUS, MARKER_RADIUS } from './marker.js';
import { selfLoop, shapeRoute, straightRoute } from './route-shape.js';
import { createGrid, extend, grown, place, piledOn, useGrid, type GridBox, type Rect } from './spatial-grid.js';
import { findPath, type FoundPath } from './visibility.js';

export interface LinkEnds {
  id: string;
  from: string;
  to: string;
  /** another live link runs to → from */
  twoWay: boolean;
}

export interface Route {
  /** From the source box's border to the target box's border (arrow tip), at least 2 points. */
  points: Point[];
  /** Where the + or − sign is drawn: on the last segment, about 34 px back from the tip (less on a short segment), in clear space (never over any statement box). */
  marker: Point;
  /** SVG path `d`: the polyline with rounded corners (radius small enough that the curve stays clear of boxes). */
  path: string;
}

export interface RouterOptions {
  /** Room kept between a link and the statements it passes, in px (default 20). */
  clearance?: number;
}

export interface LinkRouter {
  /** Routes every link for these boxes. Reuses work from the previous call: only links touched by moved/resized/added/removed boxes or changed links are routed again; unchanged links keep the identical Route object (React memo relies on identity). */
  route(boxes: readonly StatementBox[], links: readonly LinkEnds[]): ReadonlyMap<string, Route>;
}

// How far beyond a route's extent a changed box can still change it: segments keep at most the
// clearance, markers MARKER_RADIUS; a little more against rounding.
const DIRTY_MARGIN = 2;
/** Room kept between a link and the statements it passes unless told otherwise, in px. */
const DEFAULT_CLEARANCE = 20;
/** Clearance of the last try, for statements packed almost edge to edge. */
const LAST_RESORT_CLEARANCE = 1;

/** A centre line between two statements, shared by the links with those ends (both of a two-way pair). */
export interface Way {
  readonly key: string;
  readonly twoWay: boolean;
  readonly from: GridBox;
  readonly to: GridBox;
  /** Boxes it may cross: its own two, and statements piled onto them. */
  readonly ends: readonly GridBox[];
  readonly found: FoundPath;
  /** Where its corners are, as text, to find other ways bending at the same corner. */
  readonly corners: string[];
  /** The centre line after moving its corners apart from other ways' (a new array when it changes). */
  nudged: Point[];
  /** Where a changed box can change it. */
  readonly extent: Rect;
}

interface LinkState {
  from: string;
  to: string;
  twoWay: boolean;
  /** Its way's key, kept while the ends stay the same (building and hashing keys is not free). */
  key: string;
  /** The centre line its route was drawn along (null for a link from a statement to itself). */
  line: Point[] | null;
  route: Route | null;
  /** Where a changed box can change its route. */
  extent: Rect;
}

const emptyExtent = (): Rect => ({ left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity });
/** True if the rectangles meet (touching counts) once `a` is grown by `margin`. */
const meet = (a: Rect, b: Rect, margin: number): boolean =>
  a.left - margin <= b.right && a.right + margin >= b.left && a.top - margin <= b.bottom && a.bottom + margin >= b.top;
const centre = (box: GridBox): Point => ({ x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 });
const samePoints = (a: readonly Point[], b: readonly Point[]): boolean => a.length === b.length && a.every((point, i) => point.x === b[i]!.x && point.y === b[i]!.y);

function spanOf(points: readonly Point[], extent: Rect, margin: number): void {
  for (const { x, y } of points) extend(extent, { left: x, top: y, right: x, bottom: y }, margin);
}

/** A router that keeps its work between calls; make one per map view. */
export function createLinkRouter(options: RouterOptions = {}): LinkRouter {
  const clearance = Math.max(0, options.clearance ?? DEFAULT_CLEARANCE);
  // When statements are packed too tightly for the full clearance, less is better than none;
  // the last try squeezes through wherever statements leave any gap at all.
  const clearances = [...new Set([clearance, clearance / 2, Math.min(4, clearance / 4)]), Math.min(LAST_RESORT_CLEARANCE, clearance)];
  const reach = Math.max(clearance, MARKER_RADIUS + 1) + DIRTY_MARGIN;
  // The grid keeps a box's object while the box stays as it is: a way whose ends are no longer
  // the grid's objects has a moved, resized or removed end.
  const grid = createGrid(reach);
  const ways = new Map<string, Way>();
  const sharing: Sharing = new Map();
  let states = new Map<string, LinkState>();

  function findWay(link: LinkState): Way {
    // Both links of a two-way pair share one centre line, found from the smaller id.
    const reversed = link.twoWay && link.to < link.from;
    const from = grid.boxes.get(reversed ? link.to : link.from)!;
    const to = grid.boxes.get(reversed ? link.from : link.to)!;
    const extent = grown(from, 0);
    extend(extent, to, 0);
    // A link may cross statements piled onto its own two (there is no way around those).
    const ends = [...new Set([from, to, ...piledOn(from), ...piledOn(to)])];
    // Room for the sign markers is wanted, but never at the price of crossing a statement: the
    // last resort does without it. So do links of piled statements, which have no clear room
    // around them anyway.
    const markers = ends.length > 2 ? 0 : link.twoWay ? 2 : 1;
    // No clear way at all (say, statements packed edge to edge): a straight line, as before routing.
    const found = findPath(from, to, ends, clearances, markers, extent) ?? { points: [centre(from), centre(to)], outward: [], clearance };
    const corners = found.points.slice(1, -1).map((point) => `${point.x},${point.y}`);
    return { key: link.key, twoWay: link.twoWay, from, to, ends, found, corners, nudged: found.points, extent };
  }

  function routeLink(link: LinkState, dirty: (extent: Rect) => boolean): Route | null {
    const from = grid.boxes.get(link.from);
    const to = grid.boxes.get(link.to);
    if (from === undefined || to === undefined) return null;
    const way = from === to ? null : ways.get(link.key)!;
    // A changed way has a new line (a new way has its own).
    const line = way?.nudged ?? null;
    if (link.route !== null && link.line === line && !dirty(link.extent)) return link.route;

    let route: Route;
    const extent = emptyExtent();
    if (way === null) {
      route = selfLoop(from);
    } else {
      const centreLine = way.from === from ? way.nudged : way.nudged.slice().reverse();
      const { clearance } = way.found;
      route = shapeRoute(centreLine, way.ends, from, to, link.twoWay ? pairOffset(clearance) : 0, Math.min(CORNER_RADIUS, clearance / 2));
      spanOf(centreLine, extent, PAIR_OFFSET);
    }
    spanOf(route.points, extent, 0);
    spanOf([route.marker], extent, MARKER_RADIUS);
    // Routed again but drawn the same: keep the object, so the client need not redraw it.
    const known = link.route;
    if (known !== null && known.path === route.path && samePoints([known.marker, ...known.points], [route.marker, ...route.points])) route = known;
    link.line = line;
    link.route = route;
    link.extent = extent;
    return route;
  }

  function route(boxes: readonly StatementBox[], links: readonly LinkEnds[]): ReadonlyMap<string, Route> {
    useGrid(grid);
    // Bring the grid up to date, noting the changed boxes: a route near where one was or is now
    // (within `reach`) is routed again.
    const present = new Set<string>();
    const changed: GridBox[] = [];
    const all = emptyExtent();
    const change = (box: GridBox, add: boolean): void => {
      place(box, add);
      changed.push(box);
      extend(all, box, reach);
    };
    for (const { id, x, y, width, height } of boxes) {
      // For a repeated id the first one counts.
      if (present.has(id) || ![x, y, width, height].every(Number.isFinite)) continue;
      present.add(id);
      const known = grid.boxes.get(id);
      if (known?.left === x && known.top === y && known.right === x + width && known.bottom === y + height) continue;
      if (known !== undefined) change(known, false);
      change({ id, left: x, top: y, right: x + width, bottom: y + height, stamp: 0 }, true);
    }
    for (const box of grid.boxes.values()) if (!present.has(box.id)) change(box, false);
    // Most routes are far from every change: one test against the union rules them out.
    const dirty = (extent: Rect): boolean => meet(all, extent, 0) && changed.some((box) => meet(box, extent, reach));

    // The links, each once (the first counts); a link whose ends changed starts afresh.
    const previous = states;
    states = new Map();
    for (const link of links) {
      if (states.has(link.id)) continue;
      let state = previous.get(link.id);
      if (state === undefined || state.from !== link.from || state.to !== link.to || state.twoWay !== link.twoWay) {
        const [a, b] = link.twoWay && link.to < link.from ? [link.to, link.from] : [link.from, link.to];
        const key = `${link.twoWay ? 2 : 1}\u0000${a}\u0000${b}`;
        state = { from: link.from, to: link.to, twoWay: link.twoWay, key, line: null, route: null, extent: emptyExtent() };
      }
      states.set(link.id, state);
    }

    // Ways: keep those some link wants and nothing touched, route the others; nudge again the
    // ways at corners whose sharing changed.
    const wanted = new Set([...states.values()].map((state) => state.key));
    const touched = new Set<string>();
    for (const [key, way] of ways) {
      if (wanted.has(key) && grid.boxes.get(way.from.id) === way.from && grid.boxes.get(way.to.id) === way.to && !dirty(way.extent)) continue;
      ways.delete(key);
      share(sharing, way, false, touched);
    }
    const renudge = new Set<Way>();
    for (const state of states.values()) {
      if (state.from === state.to || ways.has(state.key) || !grid.boxes.has(state.from) || !grid.boxes.has(state.to)) continue;
      const way = findWay(state);
      ways.set(state.key, way);
      share(sharing, way, true, touched);
      renudge.add(way);
    }
    for (const corner of touched) for (const way of sharing.get(corner) ?? []) renudge.add(way);
    for (const way of renudge) {
      const nudged = nudgeCorners(way, sharing);
      if (!samePoints(nudged, way.nudged)) way.nudged = nudged;
      spanOf(way.nudged, way.extent, 0);
    }

    // Links: keep the Route object unless its way, its ends or the boxes near it changed.
    const result = new Map<string, Route>();
    for (const [id, state] of states) {
      const drawn = routeLink(state, dirty);
      if (drawn !== null) result.set(id, drawn);
    }
    return result;
  }

  return { route };
}

/**
 * How a link of a statement being dragged is drawn until the drag ends: straight, so it follows
 * the statement at once (routing around other statements takes longer than a frame on a large
 * map); it is routed when the statement is let go. Two-way pairs keep to their own sides.
 */
export function dragRoute(from: StatementBox, to: StatementBox, twoWay: boolean): Route {
  const gridBox = ({ id, x, y, width, height }: StatementBox): GridBox => ({ id, left: x, top: y, right: x + width, bottom: y + height, stamp: 0 });
  if (from.id === to.id) return selfLoop(gridBox(from));
  return straightRoute(gridBox(from), gridBox(to), twoWay ? pairOffset(DEFAULT_CLEARANCE) : 0);
}

/** True if the route crosses some statement box other than its own two ends (for tests and checks). */
export function routeCrossesOtherBoxes(route: Route, boxes: readonly StatementBox[], from: string, to: string): boolean {
  // polylineCrossesBox, written with the hot-loop test the router bundles anyway.
  const { points } = route;
  return boxes.some(
    (box) => box.id !== from && box.id !== to && points.some((b, i) => i > 0 && segmentCrossesRect(points[i - 1]!.x, points[i - 1]!.y, b.x, b.y, box.x, box.y, box.x + box.width, box.y + box.height)),
  );
}
