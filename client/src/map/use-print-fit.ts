import { useEffect } from 'react';
import { useReactFlow } from '@xyflow/react';
import { boundsOf } from '@causal-map/shared/geometry/box';
import { viewportToFit } from './fit-view';
import type { MapSession } from './map-session';

/** The canvas's size on a printed page (print.css): A4 landscape less margins and the title. */
export const PRINT_CANVAS = { width: 1040, height: 660 };

/**
 * When the page is printed, the view moves to show the whole map on the page; afterwards it
 * goes back to where the person was.
 */
export function usePrintFit(session: MapSession): void {
  const { getViewport, setViewport } = useReactFlow();
  useEffect(() => {
    const media = window.matchMedia('print');
    let saved: ReturnType<typeof getViewport> | null = null;
    const fit = () => {
      const bounds = boundsOf(session.canvas.boxes);
      if (!bounds) return;
      saved ??= getViewport();
      void setViewport(viewportToFit(bounds, { left: 0, top: 0, ...PRINT_CANVAS }, 16, 1.5));
    };
    const restore = () => {
      if (saved) void setViewport(saved);
      saved = null;
    };
    const onMedia = (event: MediaQueryListEvent) => (event.matches ? fit() : restore());
    media.addEventListener('change', onMedia);
    window.addEventListener('beforeprint', fit);
    window.addEventListener('afterprint', restore);
    return () => {
      media.removeEventListener('change', onMedia);
      window.removeEventListener('beforeprint', fit);
      window.removeEventListener('afterprint', restore);
    };
  }, [session, getViewport, setViewport]);
}
