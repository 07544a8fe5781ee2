// The link router: where each link is drawn so that it never runs across a statement it does
// not join. Links whose straight line is clear stay straight; the others go around the boxes in
// the way (visibility.ts), bending at corners of boxes grown by the clearance. The client calls
// it on every render, so it keeps its work between calls and routes again only what a change
// can have touched: a route depends only on the boxes within its recorded extent.
import { polylineCrossesBox, type Point, type StatementBox } from './box.js';
import { CornerSharing, nudgeCorners, type NudgedLine } from './corner-nudge.js';
import { MARKER_RADIUS } from './marker.js';
import { CORNER_RADIUS, selfLoop, shapeRoute } from './route-shape.js';
import { SpatialGrid, type GridBox } from './spatial-grid.js';
import { extendExtent, PathSearch, type Extent, type FoundPath, type SearchTask } from './visibility.js';

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

/** How far the two links of a two-way pair sit from their shared centre line, at most. */
const PAIR_OFFSET = 8;
/** Room kept between a link and its own two statements where it passes them, at most. */
const END_MARGIN = 10;
// How far beyond a route's extent a changed box can still change it: segments keep at most the
// clearance, markers MARKER_RADIUS; a little more against rounding.
const DIRTY_MARGIN = 2;
const CELL_SIZE = 256;
/** Clearance of the last try, for statements packed almost edge to edge. */
const LAST_RESORT_CLEARANCE = 1;
/** Segment tests one link's search may make, over all clearances: a few milliseconds at most. */
const SEARCH_BUDGET = 4000;

/** A centre line between two statements, shared by the links with those ends (both of a two-way pair). */
export interface Way {
  readonly key: string;
  readonly twoWay: boolean;
  readonly from: GridBox;
  readonly to: GridBox;
  /** Boxes it may cross: its own two, and statements piled onto them. */
  readonly ends: readonly GridBox[];
  readonly found: FoundPath;
  /** The clearance it was found with (smaller when the statements are packed tightly). */
  readonly clearance: number;
  /** Where its corners are, as text, to find other ways bending at the same corner. */
  readonly corners: string[];
  /** The centre line after moving its corners apart from other ways' (changes identity when it changes). */
  nudged: NudgedLine;
  extent: Extent;
  /** The last call some link wanted it. */
  seen: number;
}

interface LinkState {
  from: string;
  to: string;
  twoWay: boolean;
  /** Its way's key, kept while the ends stay the same (building and hashing keys is not free). */
  key: string;
  seen: number;
  way: Way | null;
  line: NudgedLine | null;
  route: Route | null;
  extent: Extent;
}

const emptyExtent = (): Extent => ({ left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity });
const wayKey = (from: string, to: string, twoWay: boolean): string =>
  twoWay ? (from < to ? `2\u0000${from}\u0000${to}` : `2\u0000${to}\u0000${from}`) : `1\u0000${from}\u0000${to}`;
/** How far each link of a two-way pair is shifted: less when the way was found with less room. */
export const pairOffset = (clearance: number): number => Math.min(PAIR_OFFSET, 0.4 * clearance);

function extentOfPoints(points: readonly Point[], extent: Extent, margin: number): void {
  for (const { x, y } of points) extendExtent(extent, x - margin, y - margin, x + margin, y + margin);
}

function samePoints(a: readonly Point[], b: readonly Point[]): boolean {
  return a.length === b.length && a.every((point, i) => point.x === b[i]!.x && point.y === b[i]!.y);
}

class Router implements LinkRouter {
  private readonly clearance: number;
  private readonly levels: number[];
  private readonly grid: SpatialGrid;
  private readonly search: PathSearch;
  private readonly dirtyReach: number;
  private readonly boxes = new Map<string, { box: GridBox; seen: number }>();
  private readonly ways = new Map<string, Way>();
  private readonly sharing = new CornerSharing();
  private readonly links = new Map<string, LinkState>();
  private generation = 0;

  constructor(options: RouterOptions) {
    this.clearance = Math.max(0, options.clearance ?? 20);
    // When statements are packed too tightly for the full clearance, less is better than none.
    this.levels = [...new Set([this.clearance, this.clearance / 2, Math.min(4, this.clearance / 4)])];
    this.dirtyReach = Math.max(this.clearance, MARKER_RADIUS + 1) + DIRTY_MARGIN;
    this.grid = new SpatialGrid(CELL_SIZE, this.dirtyReach);
    this.search = new PathSearch(this.grid);
  }

  route(boxes: readonly StatementBox[], links: readonly LinkEnds[]): ReadonlyMap<string, Route> {
    const generation = ++this.generation;
    const changed = this.syncBoxes(boxes, generation);
    const { areas, all } = changed;
    const dirty = (extent: Extent): boolean =>
      all.left <= extent.right && all.right >= extent.left && all.top <= extent.bottom && all.bottom >= extent.top &&
      areas.some((area) => area.left <= extent.right && area.right >= extent.left && area.top <= extent.bottom && area.bottom >= extent.top);

    // Which ways the links want; a link whose ends changed starts afresh.
    const states: (LinkState | null)[] = [];
    for (const link of links) {
      let state = this.links.get(link.id);
      if (state?.seen === generation) {
        states.push(null); // a repeated id: the first one counts
        continue;
      }
      if (state === undefined || state.from !== link.from || state.to !== link.to || state.twoWay !== link.twoWay) {
        const key = wayKey(link.from, link.to, link.twoWay);
        state = { from: link.from, to: link.to, twoWay: link.twoWay, key, seen: 0, way: null, line: null, route: null, extent: emptyExtent() };
        this.links.set(link.id, state);
      }
      state.seen = generation;
      states.push(state);
      const way = this.ways.get(state.key);
      if (way !== undefined) way.seen = generation;
    }
    for (const [id, state] of this.links) if (state.seen !== generation) this.links.delete(id);

    // Ways: keep those nothing touched, route the others; note the corners whose sharing changed.
    const touchedCorners = new Set<string>();
    for (const [key, way] of this.ways) {
      if (way.seen === generation && !changed.ids.has(way.from.id) && !changed.ids.has(way.to.id) && !dirty(way.extent)) continue;
      this.ways.delete(key);
      this.sharing.remove(way, touchedCorners);
    }
    const renudge = new Set<Way>();
    for (const state of this.links.values()) {
      if (state.from === state.to || this.ways.has(state.key) || !this.boxes.has(state.from) || !this.boxes.has(state.to)) continue;
      const way = this.findWay(state, generation);
      this.ways.set(state.key, way);
      this.sharing.add(way, touchedCorners);
      renudge.add(way);
    }
    this.sharing.waysAt(touchedCorners, renudge);
    for (const way of renudge) this.nudge(way);

    // Links: keep the Route object unless its way, its ends or the boxes near it changed.
    const result = new Map<string, Route>();
    links.forEach((link, i) => {
      const state = states[i];
      const route = state ? this.routeLink(state, dirty) : null;
      if (route !== null) result.set(link.id, route);
    });
    return result;
  }

  /** Brings the grid up to date; returns the ids of changed boxes and the areas they left or entered. */
  private syncBoxes(boxes: readonly StatementBox[], generation: number): { ids: Set<string>; areas: Extent[]; all: Extent } {
    const ids = new Set<string>();
    const areas: Extent[] = [];
    const reach = this.dirtyReach;
    const noteArea = (box: GridBox): void => {
      areas.push({ left: box.left - reach, top: box.top - reach, right: box.right + reach, bottom: box.bottom + reach });
    };
    for (const { id, x, y, width, height } of boxes) {
      const known = this.boxes.get(id);
      if (known?.seen === generation) continue; // a repeated id: the first one counts
      if (!(Number.isFinite(x) && Number.isFinite(y) && Number.isFinite(width) && Number.isFinite(height))) continue;
      if (known === undefined) {
        const box: GridBox = { id, left: x, top: y, right: x + width, bottom: y + height, stamp: 0 };
        this.boxes.set(id, { box, seen: generation });
        this.grid.insert(box);
        ids.add(id);
        noteArea(box);
        continue;
      }
      known.seen = generation;
      const { box } = known;
      if (box.left === x && box.top === y && box.right === x + width && box.bottom === y + height) continue;
      noteArea(box);
      this.grid.remove(box);
      box.left = x;
      box.top = y;
      box.right = x + width;
      box.bottom = y + height;
      this.grid.insert(box);
      ids.add(id);
      noteArea(box);
    }
    for (const [id, known] of this.boxes) {
      if (known.seen === generation) continue;
      this.grid.remove(known.box);
      this.boxes.delete(id);
      ids.add(id);
      noteArea(known.box);
    }
    // Most routes are far from every change: one test against the union rules them out.
    const all = emptyExtent();
    for (const area of areas) extendExtent(all, area.left, area.top, area.right, area.bottom);
    return { ids, areas, all };
  }

  private findWay(link: LinkState, seen: number): Way {
    // Both links of a two-way pair share one centre line, found from the smaller id.
    const reversed = link.twoWay && link.to < link.from;
    const from = this.boxes.get(reversed ? link.to : link.from)!.box;
    const to = this.boxes.get(reversed ? link.from : link.to)!.box;
    const { key, twoWay } = link;
    const extent = emptyExtent();
    extendExtent(extent, from.left, from.top, from.right, from.bottom);
    extendExtent(extent, to.left, to.top, to.right, to.bottom);
    // A link may cross statements piled onto its own two (there is no way around those).
    const ends = [...new Set([from, to, ...this.grid.overlapping(from), ...this.grid.overlapping(to)])];
    this.search.budget = SEARCH_BUDGET;
    // Room for the sign markers is wanted, but never at the price of crossing a statement:
    // the last try, squeezing through wherever statements leave any gap at all, does without
    // it. So do links of piled statements, which have no clear room around them anyway.
    const wanted: SearchTask['markers'] = ends.length > 2 ? 'none' : twoWay ? 'both' : 'last';
    const tries = [
      ...this.levels.map((clearance) => ({ clearance, markers: wanted })),
      { clearance: Math.min(LAST_RESORT_CLEARANCE, this.clearance), markers: 'none' as const },
    ];
    for (const [i, { clearance, markers }] of tries.entries()) {
      // The last resort gets a budget of its own.
      if (i === tries.length - 1) this.search.budget = Math.max(this.search.budget, SEARCH_BUDGET / 2);
      const found = this.search.find({ from, to, ends, clearance, endMargin: Math.min(END_MARGIN, clearance), markers }, extent);
      if (found !== null) {
        const corners = found.points.slice(1, -1).map((point) => `${point.x},${point.y}`);
        return { key, twoWay, from, to, ends, found, clearance, corners, nudged: { points: found.points }, extent, seen };
      }
    }
    // No clear way at all (say, statements packed edge to edge): a straight line, as before routing.
    const straight = [
      { x: (from.left + from.right) / 2, y: (from.top + from.bottom) / 2 },
      { x: (to.left + to.right) / 2, y: (to.top + to.bottom) / 2 },
    ];
    return { key, twoWay, from, to, ends, found: { points: straight, outward: [] }, clearance: this.clearance, corners: [], nudged: { points: straight }, extent, seen };
  }

  /** Moves the way's corners outwards past the other ways that bend at the same corner. */
  private nudge(way: Way): void {
    const nudged = nudgeCorners(way, this.sharing.shifts(way, pairOffset), this.grid, Math.min(END_MARGIN, way.clearance));
    if (!samePoints(nudged.points, way.nudged.points)) way.nudged = nudged;
    const extent = { ...way.extent };
    extentOfPoints(way.nudged.points, extent, 0);
    way.extent = extent;
  }

  private routeLink(link: LinkState, dirty: (extent: Extent) => boolean): Route | null {
    const fromBox = this.boxes.get(link.from)?.box;
    const toBox = this.boxes.get(link.to)?.box;
    if (fromBox === undefined || toBox === undefined) return null;
    const way = link.from === link.to ? null : this.ways.get(link.key)!;
    const line = way?.nudged ?? null;
    if (link.route !== null && link.way === way && link.line === line && !dirty(link.extent)) return link.route;

    let route: Route;
    const extent = emptyExtent();
    if (way === null) {
      route = selfLoop(fromBox);
    } else {
      const centre = way.from === fromBox ? way.nudged.points : way.nudged.points.slice().reverse();
      const offset = link.twoWay ? pairOffset(way.clearance) : 0;
      route = shapeRoute(centre, way.ends, fromBox, toBox, offset, Math.min(CORNER_RADIUS, way.clearance / 2), this.grid);
      extentOfPoints(centre, extent, PAIR_OFFSET);
    }
    extentOfPoints(route.points, extent, 0);
    extentOfPoints([route.marker], extent, MARKER_RADIUS);
    const known = link.route;
    // Routed again but drawn the same: keep the object, so the client need not redraw it.
    if (known !== null && known.path === route.path && samePoints(known.points, route.points) && samePoints([known.marker], [route.marker])) route = known;
    link.way = way;
    link.line = line;
    link.route = route;
    link.extent = extent;
    return route;
  }
}

/** A router that keeps its work between calls; make one per map view. */
export function createLinkRouter(options: RouterOptions = {}): LinkRouter {
  return new Router(options);
}

/** True if the route crosses some statement box other than its own two ends (for tests and checks). */
export function routeCrossesOtherBoxes(route: Route, boxes: readonly StatementBox[], from: string, to: string): boolean {
  return boxes.some((box) => box.id !== from && box.id !== to && polylineCrossesBox(route.points, box));
}
