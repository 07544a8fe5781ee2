import type { StatementBox } from '@causal-map/shared/geometry/box';
import { type LinkEnds, type Route, createLinkRouter } from '@causal-map/shared/geometry/route';
import type { RouteReply, RouteRequest } from './route-messages';

/**
 * Routes links from a stream of changes (route-messages.ts): what the route worker runs, and
 * what the page runs itself if the worker cannot start. It answers with the routes that changed.
 */
export function createRouteJob(): (request: RouteRequest) => RouteReply {
  const router = createLinkRouter();
  const boxes = new Map<string, StatementBox>();
  let ends: LinkEnds[] = [];
  let last: ReadonlyMap<string, Route> = new Map();
  return ({ seq, boxes: changed, gone, ends: newEnds }) => {
    for (const id of gone) boxes.delete(id);
    for (const box of changed) boxes.set(box.id, box);
    if (newEnds) ends = newEnds;
    const routes = router.route([...boxes.values()], ends);
    const reply: RouteReply = { seq, routes: [], gone: [] };
    // The router keeps an unchanged route's object: only the others are sent back.
    for (const [id, route] of routes) if (last.get(id) !== route) reply.routes.push([id, route]);
    for (const id of last.keys()) if (!routes.has(id)) reply.gone.push(id);
    last = routes;
    return reply;
  };
}
