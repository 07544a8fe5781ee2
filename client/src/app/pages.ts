import type { MapPageProps } from '../map/MapPage';
import { type ApiResult, type MapAccessAnswer, fetchAccess } from './api';
import { pageLoader } from './page-loader';

interface Asked {
  answer: Promise<ApiResult<MapAccessAnswer>>;
  /** The answer once it came: the page's first render can use it without waiting a turn. */
  settled?: ApiResult<MapAccessAnswer>;
}

const asked = new Map<string, Asked>();

/** The map editor's code (React Flow, Yjs), loaded only when a map is opened. */
export const mapPage = pageLoader<MapPageProps>(() => import('../map/MapPage').then((module) => module.MapPage));

/** The list of maps and the forms to make one: not needed to open a map by its link. */
export const homePage = pageLoader<object>(() => import('../home/HomePage').then((module) => module.HomePage));

/**
 * A map opened from its link: its code and the server's answer on the link are asked for at
 * once and together, not one after the other. Shown through a Suspense fallback, the page
 * also waited out React's 300 ms hold on fallbacks before it asked the server anything.
 */
export function prepareMapPage(mapId: string, token: string | null): Promise<unknown> {
  if (token) {
    const entry: Asked = { answer: fetchAccess(mapId, token) };
    void entry.answer.then((result) => (entry.settled = result));
    asked.set(`${mapId}\u0000${token}`, entry);
  }
  // The route worker starts before the page connects; a small map lets it go (map-session.ts).
  void import('../map/route-worker-start').then((module) => module.prepareRouteWorker());
  return mapPage.load().catch(() => null);
}

/** The answer asked for when the page opened, once; later checks ask the server again. */
export function takeAskedAccess(mapId: string, token: string): Promise<ApiResult<MapAccessAnswer>> | null {
  const key = `${mapId}\u0000${token}`;
  const entry = asked.get(key) ?? null;
  asked.delete(key);
  return entry?.answer ?? null;
}

/** That answer, if it has come already (it is still to be taken). */
export function settledAccess(mapId: string, token: string): ApiResult<MapAccessAnswer> | null {
  return asked.get(`${mapId}\u0000${token}`)?.settled ?? null;
}
