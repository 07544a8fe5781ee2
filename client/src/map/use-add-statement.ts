import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { NumberedStatement } from '@causal-map/shared/map-view';
import { STATEMENT_HEIGHT, STATEMENT_WIDTH } from './flow-types';
import type { Point } from './map-state';
import { useSession } from './session-context';

const STEP_X = STATEMENT_WIDTH + 40;
const STEP_Y = STATEMENT_HEIGHT + 48;

/** Grid places around the centre, nearest first, so a new statement never hides another. */
const PLACES: readonly Point[] = (() => {
  const places: Point[] = [];
  for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) places.push({ x: dx, y: dy });
  return places.sort((a, b) => Math.hypot(a.x, a.y * 1.4) - Math.hypot(b.x, b.y * 1.4));
})();

function freePlace(statements: NumberedStatement[], centre: Point): Point {
  const overlaps = (p: Point) =>
    statements.some((s) => Math.abs(s.x - p.x) < STATEMENT_WIDTH + 16 && Math.abs(s.y - p.y) < STATEMENT_HEIGHT + 24);
  for (const place of PLACES) {
    const point = { x: centre.x + place.x * STEP_X, y: centre.y + place.y * STEP_Y };
    if (!overlaps(point)) return point;
  }
  return centre;
}

/** Adds a statement in the middle of what the person sees (toolbar button and key N). */
export function useAddStatementAtCentre(): () => void {
  const session = useSession();
  const { screenToFlowPosition } = useReactFlow();
  return useCallback(() => {
    const canvas = document.querySelector('.map-canvas')?.getBoundingClientRect();
    const centre = canvas
      ? screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 })
      : { x: 0, y: 0 };
    const corner = { x: centre.x - STATEMENT_WIDTH / 2, y: centre.y - STATEMENT_HEIGHT / 2 };
    session.actions.addStatementAt(freePlace(session.store.getState().statements, corner));
  }, [session, screenToFlowPosition]);
}
