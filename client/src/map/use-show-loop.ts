import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { type StatementBox, boundsOf } from '@causal-map/shared/geometry/box';
import { freeCanvasRect, viewportToFit } from './fit-view';
import { useMapState } from './session-context';

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
    const canvas = document.querySelector('.map-canvas');
    const inLoop = new Set(selectedLoop.statementIds);
    const bounds = boundsOf(boxes.filter((box) => inLoop.has(box.id)));
    if (!canvas || !bounds) return;
    shown.current = request;
    const panels = [...document.querySelectorAll(PANELS)].map((panel) => panel.getBoundingClientRect());
    const free = freeCanvasRect(canvas.getBoundingClientRect(), panels);
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    void setViewport(viewportToFit(bounds, free, 48, 1), { duration: reduce ? 0 : 300 });
  }, [selectedKey, selectedLoop, showCount, boxes, setViewport]);
}
