import { useSyncExternalStore } from 'react';

/** Where the person is: the two pages of the app, or somewhere we do not know. */
export type Route =
  | { page: 'home' }
  | { page: 'map'; mapId: string; token: string | null; viewToken: string | null }
  | { page: 'not-found' };

/**
 * Reads the route from a path and fragment. Tokens live only in the fragment, which browsers
 * never send to the server.
 * @example parseRoute('/m/abc', '#token=E&view=V') // { page: 'map', mapId: 'abc', token: 'E', viewToken: 'V' }
 */
export function parseRoute(pathname: string, hash: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  const match = /^\/m\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return { page: 'not-found' };
  const fragment = new URLSearchParams(hash.replace(/^#/, ''));
  return {
    page: 'map',
    mapId: decodeURIComponent(match[1]),
    token: fragment.get('token') || null,
    viewToken: fragment.get('view') || null,
  };
}

/** The path and fragment of a map link; `viewToken` is added only to edit links. */
export function mapHref(mapId: string, token: string, viewToken?: string | null): string {
  const fragment = new URLSearchParams({ token });
  if (viewToken) fragment.set('view', viewToken);
  return `/m/${encodeURIComponent(mapId)}#${fragment.toString()}`;
}

const NAVIGATE_EVENT = 'causal-map:navigate';

/** Moves to another page without reloading. */
export function navigate(href: string): void {
  window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Changes the address in place (no new history entry), e.g. to a replaced link. */
export function replaceLocation(href: string): void {
  window.history.replaceState(window.history.state, '', href);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function currentHref(): string {
  return window.location.pathname + window.location.hash;
}

/** The current route, re-read whenever the address changes. */
export function useRoute(): Route {
  const href = useSyncExternalStore(subscribe, currentHref);
  const url = new URL(href, window.location.origin);
  return parseRoute(url.pathname, url.hash);
}
