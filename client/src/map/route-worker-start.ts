// Apart from route-channel.ts so that the page's first script can start the worker as it opens a
// map: loading this takes a few hundred bytes (the worker's address), not the map page's code.
import type { RouteWarmUp } from './route-messages';

const newRouteWorker = () => new Worker(new URL('./route-worker.ts', import.meta.url), { type: 'module', name: 'routes' });

/** A worker started ahead, while the page draws a large map it is about to route. */
let ready: Worker | null = null;

/**
 * Starts the route worker now, so it has loaded, and warmed up, by the time the first routes are
 * wanted. The page does so as it opens a map, before it connects: started later, its script
 * waited behind the server opening a large map, and the first routes waited for it.
 */
export function prepareRouteWorker(): void {
  try {
    ready ??= newRouteWorker();
  } catch {
    // It is started again when wanted, and falls back to the page then.
  }
}

/** The map turned out large: the worker started ahead warms up for its first routes. */
export function warmRouteWorker(): void {
  ready?.postMessage({ warmUp: true } satisfies RouteWarmUp);
}

/** Stops the worker started ahead, when the map turned out small enough to route on the page. */
export function releaseRouteWorker(): void {
  ready?.terminate();
  ready = null;
}

/** The worker started ahead, or a new one. */
export const startRouteWorker = (): Worker => {
  const worker = ready ?? newRouteWorker();
  ready = null;
  return worker;
};
