import { useEffect, useMemo, useRef, useState } from 'react';
import { type ReactFlowState, getViewportForBounds, useStoreApi } from '@xyflow/react';
import { type Box, boundsOf } from '@causal-map/shared/geometry/box';
import type { StatementBox } from '@causal-map/shared/geometry/box';
import type { LinkEnds, LinkRouter, Route } from '@causal-map/shared/geometry/route';
import type { Link } from '@causal-map/shared/link';
import { areaShown } from './fit-view';
import { ROUTE_WORKER_FROM, type RouteChannel, createRouteChannel } from './route-channel';
import { sameItemsOr } from './same-items';
import { useMapState } from './session-context';

const NO_ROUTES: ReadonlyMap<string, Route> = new Map();

// The router is not needed to show the statements: it loads after them.
type RouterModule = typeof import('@causal-map/shared/geometry/route');
let routerModule: RouterModule | null = null;
let loadingRouter: Promise<unknown> | null = null;
const loadRouter = () => (loadingRouter ??= import('@causal-map/shared/geometry/route').then((module) => (routerModule = module)));

/**
 * Where every link is drawn, from the boxes as they are on screen: around every statement a
 * link does not join. The router keeps its work between calls and routes again only what a
 * change can have touched. While this person drags statements (`moving`), their links are drawn
 * straight to follow them at once, and everything is routed again when they are let go. A large
 * map's links are routed on a worker and follow a frame or two behind; a link not yet routed is
 * not drawn. Nothing is routed while some statement is not `measured` yet (its box would be a
 * guess): on opening a large map that saves routing every link twice. Routes are never stored.
 */
export function useLinkRoutes(drawn: readonly StatementBox[], moving: ReadonlySet<string>, measured: boolean): ReadonlyMap<string, Route> {
  const links = useMapState((state) => state.links);
  const ends = useMemo(() => linkEnds(links), [links]);
  const boxes = useMeasuredOnly(useHeldBoxes(drawn, moving), measured);
  const onWorker = ends.length >= ROUTE_WORKER_FROM;
  const [routerLoaded, setRouterLoaded] = useState(routerModule !== null);
  const [fromWorker, setFromWorker] = useState(NO_ROUTES);
  const channel = useRef<RouteChannel | null>(null);
  const router = useRef<LinkRouter | null>(null);
  const last = useRef<ReadonlyMap<string, Route> | null>(null);

  useEffect(() => {
    if (!routerLoaded) void loadRouter().then(() => setRouterLoaded(true));
  }, [routerLoaded]);

  useEffect(() => {
    if (!onWorker) return undefined;
    const started = createRouteChannel(setFromWorker);
    channel.current = started;
    return () => {
      started.stop();
      channel.current = null;
      setFromWorker(NO_ROUTES);
    };
  }, [onWorker]);

  // What is on screen now, in map coordinates: its links are routed first when the map opens.
  const flow = useStoreApi();
  useEffect(() => {
    const view = viewOf(flow.getState(), boxes);
    // Not before every statement has been measured once (see useMeasuredOnly).
    if (boxes.length > 0 || ends.length === 0) channel.current?.update(boxes, ends, view);
  }, [flow, boxes, ends, onWorker]);

  const inline = useMemo(() => {
    if (onWorker || !routerLoaded || !routerModule) return null;
    router.current ??= routerModule.createLinkRouter();
    // The router keeps each unchanged route's object: if all are kept, so is the map.
    last.current = sameItemsOr(last.current, router.current.route(boxes, ends));
    return last.current;
  }, [onWorker, routerLoaded, boxes, ends]);

  const routed = onWorker ? fromWorker : (inline ?? NO_ROUTES);
  return useMemo(() => withDragRoutes(routed, drawn, ends, moving), [routed, drawn, ends, moving]);
}

/** What is on screen, in map coordinates; when the map is about to be fitted into view, that view. */
function viewOf(state: ReactFlowState, boxes: readonly StatementBox[]): Box {
  const { width, height, fitViewQueued, fitViewOptions, minZoom, maxZoom } = state;
  const [x, y, zoom] = state.transform;
  const bounds = fitViewQueued ? boundsOf(boxes) : null;
  const viewport = bounds
    ? getViewportForBounds(bounds, width, height, fitViewOptions?.minZoom ?? minZoom, fitViewOptions?.maxZoom ?? maxZoom, fitViewOptions?.padding ?? 0.1)
    : { x, y, zoom };
  return areaShown(viewport, width, height);
}

/** The boxes as they were last measured in full: the same array while some are still unmeasured. */
function useMeasuredOnly(boxes: readonly StatementBox[], measured: boolean): readonly StatementBox[] {
  const last = useRef<readonly StatementBox[]>([]);
  if (measured) last.current = boxes;
  return last.current;
}

/**
 * The boxes to route around: as drawn, except statements being dragged, which stay where they
 * were when the drag began (the same array while only they move).
 */
function useHeldBoxes(drawn: readonly StatementBox[], moving: ReadonlySet<string>): readonly StatementBox[] {
  const held = useRef(new Map<string, StatementBox>());
  const last = useRef<StatementBox[] | null>(null);
  return useMemo(() => {
    for (const id of held.current.keys()) if (!moving.has(id)) held.current.delete(id);
    const starting = [...moving].filter((id) => !held.current.has(id));
    if (starting.length > 0) {
      // Where they were routed last, before this drag moved them.
      const before = new Map(last.current?.map((box) => [box.id, box]));
      for (const id of starting) {
        const was = before.get(id);
        if (was) held.current.set(id, was);
      }
    }
    const next = held.current.size === 0 ? [...drawn] : drawn.map((box) => held.current.get(box.id) ?? box);
    last.current = sameItemsOr(last.current, next);
    return last.current;
  }, [drawn, moving]);
}

/** The routes, with the links of dragged statements drawn straight between where they are now. */
function withDragRoutes(routes: ReadonlyMap<string, Route>, drawn: readonly StatementBox[], ends: readonly LinkEnds[], moving: ReadonlySet<string>): ReadonlyMap<string, Route> {
  if (moving.size === 0 || !routerModule) return routes;
  const { dragRoute } = routerModule;
  const boxes = new Map(drawn.map((box) => [box.id, box]));
  const next = new Map(routes);
  for (const end of ends) {
    if (!moving.has(end.from) && !moving.has(end.to)) continue;
    const from = boxes.get(end.from);
    const to = boxes.get(end.to);
    if (from && to) next.set(end.id, dragRoute(from, to, end.twoWay));
  }
  return next;
}

function linkEnds(links: readonly Link[]): LinkEnds[] {
  const pairs = new Set(links.map((link) => `${link.from}>${link.to}`));
  return links.map((link) => ({ id: link.id, from: link.from, to: link.to, twoWay: pairs.has(`${link.to}>${link.from}`) }));
}
