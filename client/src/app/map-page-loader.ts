import type { MapPage } from '../map/MapPage';
import { type ApiResult, type MapAccessAnswer, fetchAccess } from './api';

type MapPageComponent = typeof MapPage;

let loaded: MapPageComponent | null = null;
const asked = new Map<string, Promise<ApiResult<MapAccessAnswer>>>();

/** The map editor's code (React Flow, Yjs), loaded only when a map is opened. */
export function loadMapPage(): Promise<MapPageComponent> {
  return import('../map/MapPage').then((module) => (loaded = module.MapPage));
}

/** The map page if its code is here already: then it is drawn at once, with no fallback. */
export function loadedMapPage(): MapPageComponent | null {
  return loaded;
}

/**
 * A map opened from its link: its code and the server's answer on the link are asked for at
 * once and together, not one after the other. Shown through a Suspense fallback, the page
 * also waited out React's 300 ms hold on fallbacks before it asked the server anything.
 */
export function prepareMapPage(mapId: string, token: string | null): Promise<unknown> {
  if (token) asked.set(`${mapId}\u0000${token}`, fetchAccess(mapId, token));
  // The route worker starts before the page connects; a small map lets it go (map-session.ts).
  void import('../map/route-worker-start').then((module) => module.prepareRouteWorker());
  return loadMapPage().catch(() => null);
}

/** The answer asked for when the page opened, once; later checks ask the server again. */
export function takeAskedAccess(mapId: string, token: string): Promise<ApiResult<MapAccessAnswer>> | null {
  const key = `${mapId}\u0000${token}`;
  const answer = asked.get(key) ?? null;
  asked.delete(key);
  return answer;
}
