import { createLinkRouter } from '@causal-map/shared/geometry/route';
import { createRouteJob } from './route-job';
import type { RouteRequest, RouteWarmUp } from './route-messages';

// Routes a large map's links off the main thread, so a drag never waits for them.
const job = createRouteJob();
self.addEventListener('message', (event: MessageEvent<RouteRequest | RouteWarmUp>) => {
  if ('warmUp' in event.data) warmUp();
  else self.postMessage(job(event.data));
});

/**
 * The worker starts as the page opens a map, about a second before the first routes are asked
 * for. Once the map has come and is large, it routes a made-up grid a few times (~100 ms), so
 * that the router's code is compiled, and optimised, by then. Cold, the first routes of a
 * 1,000-statement map (the 822 links in view) took 330–550 ms; after one round 240–260 ms;
 * after four, 130–145 ms. Not sooner: a small map is routed on the page and its worker let go,
 * and warming up had taken CPU from that page as it opened.
 */
function warmUp(): void {
  const columns = 12;
  const boxes = Array.from({ length: 120 }, (_, i) => ({ id: `w${i}`, x: (i % columns) * 320, y: Math.floor(i / columns) * 200, width: 220, height: 60 + (i % 3) * 20 }));
  const ends = boxes.flatMap((box, i) => [
    { id: `a${i}`, from: box.id, to: boxes[(i + 1) % boxes.length]!.id, twoWay: false },
    { id: `b${i}`, from: box.id, to: boxes[(i + columns + 1) % boxes.length]!.id, twoWay: false },
  ]);
  // Once compiles it only in part: the first real routes still took twice as long as later ones.
  for (let round = 0; round < 4; round++) createLinkRouter().route(boxes, ends);
}
