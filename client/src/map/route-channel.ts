import { type Box, type StatementBox, boxesOverlap } from '@causal-map/shared/geometry/box';
import type { LinkEnds, Route } from '@causal-map/shared/geometry/route';
import type { RouteReply, RouteRequest } from './route-messages';
import { startRouteWorker } from './route-worker-start';

export interface RouteChannel {
  /**
   * The boxes as drawn now and every link's ends; the routes follow through `onRoutes`. The
   * first time, the links with an end in `view` (what is on screen) are routed and shown first.
   */
  update: (boxes: readonly StatementBox[], ends: readonly LinkEnds[], view?: Box | null) => void;
  stop: () => void;
}

/** From this many links on, they are routed on a worker; fewer are routed in the render, at once. */
export const ROUTE_WORKER_FROM = 200;

/**
 * Routes a large map's links on a worker. One request is under way at a time; changes made
 * meanwhile go in the next one, as what changed since the last (a drag step is one box). An
 * unchanged route keeps its object, and the map of routes is new only when a route changed.
 * A worker that cannot start or fails is given up: the links are then routed on the page.
 * `startWorker: null` routes on the page from the start.
 */
export function createRouteChannel(
  onRoutes: (routes: ReadonlyMap<string, Route>) => void,
  startWorker: (() => Worker) | null = startRouteWorker,
): RouteChannel {
  let current: { boxes: readonly StatementBox[]; ends: readonly LinkEnds[]; view: Box | null } | null = null;
  // What the worker was last sent, to send only what changed since.
  let sentBoxes = new Map<string, StatementBox>();
  let sentEnds: readonly LinkEnds[] | null = null;
  let busy = false;
  let stopped = false;
  let seq = 0;
  let routes: ReadonlyMap<string, Route> = new Map();
  let post: ((request: RouteRequest) => void) | null = null;
  let worker: Worker | null = null;

  const send = () => {
    if (busy || stopped || !current || !post) return;
    const { boxes, view } = current;
    // The first time, only the links in view: the others come with the next request.
    const ends = sentEnds === null && view ? inView(current.boxes, current.ends, view) : current.ends;
    const next = new Map<string, StatementBox>();
    const changed: StatementBox[] = [];
    for (const box of boxes) {
      if (next.has(box.id)) continue;
      next.set(box.id, box);
      if (sentBoxes.get(box.id) !== box) changed.push(box);
    }
    const gone = [...sentBoxes.keys()].filter((id) => !next.has(id));
    if (changed.length === 0 && gone.length === 0 && ends === sentEnds) return;
    busy = true;
    post({ seq: ++seq, boxes: changed, gone, ends: ends === sentEnds ? null : [...ends] });
    sentBoxes = next;
    sentEnds = ends;
  };

  const receive = (reply: RouteReply) => {
    if (stopped) return;
    busy = false;
    if (reply.routes.length > 0 || reply.gone.length > 0) {
      const next = new Map(routes);
      for (const [id, route] of reply.routes) next.set(id, route);
      for (const id of reply.gone) next.delete(id);
      routes = next;
      onRoutes(routes);
    }
    send();
  };

  const routeOnPage = () => {
    // A fresh job knows nothing: it is sent the whole map, and answers with every route.
    sentBoxes = new Map();
    sentEnds = null;
    routes = new Map();
    busy = true;
    void import('./route-job').then(({ createRouteJob }) => {
      const job = createRouteJob();
      post = (request) => queueMicrotask(() => receive(job(request)));
      busy = false;
      send();
    });
  };

  if (startWorker) {
    try {
      worker = startWorker();
      worker.addEventListener('message', (event: MessageEvent<RouteReply>) => receive(event.data));
      worker.addEventListener('error', (event) => {
        console.error('The route worker stopped; routing links on the page instead.', event.message);
        worker?.terminate();
        worker = null;
        routeOnPage();
      });
      const started = worker;
      post = (request) => started.postMessage(request);
    } catch (error) {
      console.error('The route worker could not start; routing links on the page instead.', error);
      routeOnPage();
    }
  } else {
    routeOnPage();
  }

  return {
    update(boxes, ends, view = null) {
      current = { boxes, ends, view };
      send();
    },
    stop() {
      stopped = true;
      worker?.terminate();
    },
  };
}

/** The links with an end whose box is in the view (an area of the map, in map coordinates). */
function inView(boxes: readonly StatementBox[], ends: readonly LinkEnds[], view: Box): LinkEnds[] {
  const seen = new Set(boxes.filter((box) => boxesOverlap(box, view)).map((box) => box.id));
  return ends.filter((end) => seen.has(end.from) || seen.has(end.to));
}
