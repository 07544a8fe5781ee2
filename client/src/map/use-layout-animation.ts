import { useEffect, useMemo, useRef, useState } from 'react';
import type { NumberedStatement } from '@causal-map/shared/map-view';

/** How long statements glide to the places a layout gave them (canvas.css uses the same). */
export const LAYOUT_ANIMATION_MS = 450;

/**
 * True while statements glide to new places: when one change moves two or more statements that
 * this person is not dragging (a layout, by anyone), the canvas animates them with a CSS
 * transition, which `prefers-reduced-motion` turns off. It is decided while rendering, so the
 * class and the new positions reach the screen in the same frame.
 */
export function useLayoutAnimation(statements: readonly NumberedStatement[], draggedIds: ReadonlySet<string>): boolean {
  const previous = useRef(new Map<string, string>());
  const until = useRef(0);
  const [, setTick] = useState(0);
  const startedAt = useMemo(() => {
    let moved = 0;
    const next = new Map<string, string>();
    for (const statement of statements) {
      const place = `${statement.x},${statement.y}`;
      next.set(statement.id, place);
      const old = previous.current.get(statement.id);
      if (old !== undefined && old !== place && !draggedIds.has(statement.id)) moved++;
    }
    previous.current = next;
    if (moved < 2) return null;
    const now = performance.now();
    until.current = now + LAYOUT_ANIMATION_MS;
    return now;
    // draggedIds is read, not watched: a drag's end must not start an animation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [statements]);
  useEffect(() => {
    if (startedAt === null) return undefined;
    const timer = setTimeout(() => setTick((tick) => tick + 1), LAYOUT_ANIMATION_MS);
    return () => clearTimeout(timer);
  }, [startedAt]);
  return performance.now() < until.current;
}
