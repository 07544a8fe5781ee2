import { useCallback } from 'react';
import { type Viewport, useReactFlow } from '@xyflow/react';
import type { Box, Point } from '@causal-map/shared/geometry/box';
import { STATEMENT_HEIGHT, STATEMENT_WIDTH } from './flow-types';
import type { MapSession } from './map-session';
import { useSession } from './session-context';

const NEW_SIZE = { width: STATEMENT_WIDTH, height: STATEMENT_HEIGHT };
/** A new statement made next to a selected one sits this far to its right. */
const BESIDE_GAP = 80;

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Room kept between a statement brought into view and the edge of the canvas, in pixels. */
const VIEW_MARGIN = 24;
/** At the top, room for the reading aids that lie over the canvas. */
const TOP_MARGIN = 64;

/** The smallest pan that brings the box into a `width` × `height` view; null if it is in view. */
export function panToShow(box: Box, view: Viewport, width: number, height: number): Viewport | null {
  const left = box.x * view.zoom + view.x;
  const top = box.y * view.zoom + view.y;
  const right = left + box.width * view.zoom;
  const bottom = top + box.height * view.zoom;
  const dx = left < VIEW_MARGIN ? VIEW_MARGIN - left : right > width - VIEW_MARGIN ? width - VIEW_MARGIN - right : 0;
  const dy = top < TOP_MARGIN ? TOP_MARGIN - top : bottom > height - VIEW_MARGIN ? height - VIEW_MARGIN - bottom : 0;
  return dx === 0 && dy === 0 ? null : { x: view.x + dx, y: view.y + dy, zoom: view.zoom };
}

type FreeSpace = typeof import('@causal-map/shared/layout/free-space');
let freeSpace: Promise<FreeSpace> | null = null;

/**
 * Loads the free-space search when the first statement is added: a viewer never needs it, and
 * the map's first load does not carry it. The offline service worker keeps it once fetched.
 */
function loadFreeSpace(): Promise<FreeSpace> {
  freeSpace ??= import('@causal-map/shared/layout/free-space');
  return freeSpace;
}

/**
 * The nearest place to `near` (a top-left corner) where a new statement covers no statement
 * and no link, as the canvas draws them now.
 */
export async function freePlaceNear(session: MapSession, near: Point): Promise<Point> {
  const { findFreeSpot } = await loadFreeSpace();
  const { boxes, routes } = session.canvas;
  const polylines = [...routes.values()].map((route) => route.points);
  return findFreeSpot(boxes, polylines, NEW_SIZE, near);
}

/**
 * Adds a statement where the person is working: at the pointer if it is over the map, else
 * beside the selected statement, else in the middle of the view; always in free space
 * (toolbar button and key N).
 */
export function useAddStatementNearWork(): () => Promise<void> {
  const session = useSession();
  const { screenToFlowPosition, getViewport, setViewport } = useReactFlow();
  return useCallback(async () => {
    const centred = (point: Point) => ({ x: point.x - STATEMENT_WIDTH / 2, y: point.y - STATEMENT_HEIGHT / 2 });
    const { pointer, boxes } = session.canvas;
    const [selectedId, ...others] = session.store.getState().selection.statementIds;
    const selected = others.length === 0 ? boxes.find((box) => box.id === selectedId) : undefined;
    let near: Point;
    if (pointer) {
      near = centred(pointer);
    } else if (selected) {
      near = { x: selected.x + selected.width + BESIDE_GAP, y: selected.y };
    } else {
      const canvas = document.querySelector('.map-canvas')?.getBoundingClientRect();
      near = centred(
        canvas
          ? screenToFlowPosition({ x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 })
          : { x: 0, y: 0 },
      );
    }
    const place = await freePlaceNear(session, near);
    session.actions.addStatementAt(place);
    // The free place may lie past the edge of the view: bring it in, so people see what they type.
    const canvas = document.querySelector('.map-canvas')?.getBoundingClientRect();
    if (canvas) {
      const next = panToShow({ ...place, ...NEW_SIZE }, getViewport(), canvas.width, canvas.height);
      if (next) void setViewport(next, { duration: reducedMotion() ? 0 : 200 });
    }
  }, [session, screenToFlowPosition, getViewport, setViewport]);
}
