// The offline shell: lets a map page reload without a network. The map itself comes from
// IndexedDB (y-indexeddb); this worker keeps the page and its scripts. Asset names carry content
// hashes, so they are cached as they are fetched rather than listed here; /api and /ws never go
// through it (maps and tokens stay out of this cache).
/* eslint-env serviceworker */

const CACHE = 'causal-map-shell-v1';
const PAGE = '/index.html';
// Enough for a few builds' worth of assets; the oldest go first.
const MAX_ASSETS = 60;
// Asset names inside a script: `./MapPage-1a2b.js` (lazy chunks), `/assets/loop-worker-3c4d.js`.
const ASSET_REFERENCE = /(?:\/assets\/|\.\/)([\w-]+(?:\.[\w-]+)*\.(?:js|css))(?=[`'"])/g;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(['/', PAGE]))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('causal-map-') && name !== CACHE).map((name) => caches.delete(name))))
      // The page that registered this worker is served by it from now on, not from its next load.
      .then(() => self.clients.claim()),
  );
});

function isAppPage(url) {
  return url.pathname === '/' || url.pathname === PAGE || url.pathname.startsWith('/m/');
}

function isAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/');
}

async function trim(cache) {
  const assets = (await cache.keys()).filter((request) => isAsset(new URL(request.url)));
  // Cache keys come back in the order they were put in.
  await Promise.all(assets.slice(0, Math.max(0, assets.length - MAX_ASSETS)).map((request) => cache.delete(request)));
}

/** Stores an asset, and the assets its script names (the map page, the loop worker) as well. */
async function keepAsset(cache, url, response, seen) {
  await cache.put(url, response.clone());
  if (!url.endsWith('.js')) return;
  const text = await response.clone().text();
  const named = new Set();
  for (const match of text.matchAll(ASSET_REFERENCE)) named.add(new URL(`/assets/${match[1]}`, self.location.origin).href);
  await Promise.all([...named].map((each) => fetchAsset(cache, each, seen)));
}

/** Fetches and stores an asset unless it is stored already; never fails. */
async function fetchAsset(cache, url, seen) {
  if (seen.has(url)) return;
  seen.add(url);
  try {
    if (await cache.match(url, { ignoreVary: true })) return;
    const response = await fetch(url);
    if (response.ok) await keepAsset(cache, url, response, seen);
  } catch {
    // Offline, or gone in a newer build: it is fetched when it is needed.
  }
}

async function assetFirst(request) {
  const cache = await caches.open(CACHE);
  const stored = await cache.match(request, { ignoreVary: true });
  if (stored) return stored;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    await keepAsset(cache, request.url, response, new Set([request.url]));
    await trim(cache);
  }
  return response;
}

async function pageFromNetworkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    const html = (response.headers.get('Content-Type') ?? '').includes('text/html');
    if (response.ok && html && !response.redirected) await cache.put(PAGE, response.clone());
    return response;
  } catch (error) {
    const stored = await cache.match(PAGE, { ignoreVary: true });
    if (stored) return stored;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && isAppPage(url)) event.respondWith(pageFromNetworkFirst(request));
  else if (isAsset(url)) event.respondWith(assetFirst(request));
  // Everything else (/api, /ws, /healthz, /sw.js) goes to the network as if this worker were not here.
});

// The page lists the assets it loaded before this worker controlled it, so a first visit is
// enough to reload offline later.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache-assets' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((each) => typeof each === 'string').map((each) => new URL(each, self.location.origin));
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      const seen = new Set();
      await Promise.all(urls.filter(isAsset).map((each) => fetchAsset(cache, each.href, seen)));
      await trim(cache);
    }),
  );
});
