import { useEffect } from 'react';

/**
 * Fetches code the page will likely need soon (a panel that starts closed) once the browser is
 * idle after the first paint: the map does not wait for it, and opening the panel does not
 * wait for the network.
 */
export function useLoadWhenIdle(load: () => Promise<unknown>): void {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 1000));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => void load().catch(() => undefined), { timeout: 3000 });
    return () => cancel(handle);
  }, [load]);
}

/** Runs `act` on the element with `id` once it is on the page: lazily loaded panels take a moment. */
export function whenShown(id: string, act: (element: HTMLElement) => void, frames = 30): void {
  requestAnimationFrame(() => {
    const element = document.getElementById(id);
    if (element) act(element);
    else if (frames > 0) whenShown(id, act, frames - 1);
  });
}
