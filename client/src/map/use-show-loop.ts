import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { type StatementBox, boundsOf } from '@causal-map/shared/geometry/box';
import { type Viewport, freeCanvasRect, viewportToFit } from './fit-view';
import { useMapState, useSession } from './session-context';

/** Panels that may lie over the canvas; a loop is shown in the part they leave free. */
const PANELS = '.loops-panel, .legend-panel';

/**
 * When someone picks a loop, the view moves so the whole loop is in sight, in the part of the
 * canvas the panels leave free. Only on picking: later edits do not move the view.
 */
export function useShowSelectedLoop(boxes: readonly StatementBox[]): void {
  const selectedKey = useMapState((state) => state.selectedLoopKey);
  const selectedLoop = useMapState((state) => state.selectedLoop);
  const showCount = useMapState((state) => state.loopShowCount);
  const { setViewport } = useReactFlow();
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (selectedKey === null) {
      shown.current = null;
      return;
    }
    const request = `${selectedKey}#${showCount}`;
    if (!selectedLoop || shown.current === request) return;
    const viewport = viewportShowing(boxes, selectedLoop.statementIds);
    if (!viewport) return;
    shown.current = request;
    void setViewport(viewport, { duration: reducedMotion() ? 0 : 300 });
  }, [selectedKey, selectedLoop, showCount, boxes, setViewport]);
}

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** The viewport that shows these statements in the part of the canvas the panels leave free. */
function viewportShowing(boxes: readonly StatementBox[], ids: readonly string[]): Viewport | null {
  const canvas = document.querySelector('.map-canvas');
  const wanted = new Set(ids);
  const bounds = boundsOf(boxes.filter((box) => wanted.has(box.id)));
  if (!canvas || !bounds) return null;
  const panels = [...document.querySelectorAll(PANELS)].map((panel) => panel.getBoundingClientRect());
  return viewportToFit(bounds, freeCanvasRect(canvas.getBoundingClientRect(), panels), 48, 1);
}

/**
 * "Show" on a broken loop's notice: the view moves to where the loop was, and what is left of
 * it is selected, so the person sees which statements it ran through.
 */
export function useShowPlace(boxes: readonly StatementBox[]): void {
  const session = useSession();
  const place = useMapState((state) => state.placeShown);
  const { setViewport } = useReactFlow();
  const shown = useRef(0);
  useEffect(() => {
    if (!place || shown.current === place.count) return;
    shown.current = place.count;
    const live = place.statementIds.filter((id) => boxes.some((box) => box.id === id));
    session.actions.setSelection({ statementIds: live, linkIds: [] });
    const viewport = viewportShowing(boxes, live);
    if (viewport) void setViewport(viewport, { duration: reducedMotion() ? 0 : 300 });
  }, [place, boxes, session, setViewport]);
}
