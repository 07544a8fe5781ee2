// Registers the service worker (client/public/sw.js) that keeps the app's page and scripts,
// so a map reloads without a network; the map's content comes from IndexedDB.

const ASSETS = '/assets/';

/** Tells the worker about every script and stylesheet this page loads, from the first one on. */
function reportAssets(worker: ServiceWorker): void {
  const send = (entries: PerformanceEntryList) => {
    const urls = entries
      .map((entry) => entry.name)
      .filter((name) => {
        const url = new URL(name, window.location.href);
        return url.origin === window.location.origin && url.pathname.startsWith(ASSETS);
      });
    if (urls.length > 0) worker.postMessage({ type: 'cache-assets', urls });
  };
  // Loaded before this page was controlled: they did not pass through the worker.
  send(performance.getEntriesByType('resource'));
  // Loaded later (the map page's scripts, when opened from the home page).
  new PerformanceObserver((list) => send(list.getEntries())).observe({ type: 'resource' });
}

async function register(): Promise<void> {
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const registration = await navigator.serviceWorker.ready;
    if (registration.active) reportAssets(registration.active);
  } catch (error) {
    // Without it the app works as before; only reloading while offline does not.
    console.warn('The offline copy of the app could not be set up.', error);
  }
}

/** In a production build only: the dev server's modules are not worth keeping offline. */
export function keepAppForOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
