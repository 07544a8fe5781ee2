import { type ComponentType, type LazyExoticComponent, lazy } from 'react';

/** A page whose code is fetched when first needed. */
export interface PageLoader<Props> {
  /** Fetches the page's code (once). */
  load(): Promise<ComponentType<Props>>;
  /**
   * The page to render: drawn at once if its code is here already, else through Suspense.
   * Chosen once per mount: switching later would remount the page and lose its state.
   */
  component(): ComponentType<Props> | LazyExoticComponent<ComponentType<Props>>;
}

/**
 * Each page is its own chunk, so a map opened by its link does not download the home page, and
 * the home page does not download the editor. Loading starts before React's first render
 * (main.tsx): a page drawn through a Suspense fallback also waits out React's 300 ms hold.
 */
export function pageLoader<Props>(fetchPage: () => Promise<ComponentType<Props>>): PageLoader<Props> {
  let loaded: ComponentType<Props> | null = null;
  let loading: Promise<ComponentType<Props>> | null = null;
  const load = () => {
    loading ??= fetchPage().then(
      (page) => (loaded = page),
      (error: unknown) => {
        loading = null; // a failed download (offline) may be tried again
        throw error;
      },
    );
    return loading;
  };
  const lazyPage = lazy(() => load().then((page) => ({ default: page })));
  return { load, component: () => loaded ?? lazyPage };
}
