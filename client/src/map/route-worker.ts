import { createRouteJob } from './route-job';
import type { RouteRequest } from './route-messages';

// Routes a large map's links off the main thread, so a drag never waits for them.
const job = createRouteJob();
self.addEventListener('message', (event: MessageEvent<RouteRequest>) => self.postMessage(job(event.data)));
