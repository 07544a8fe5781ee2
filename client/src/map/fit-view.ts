import type { Box } from '@causal-map/shared/geometry/box';

/** A rectangle on screen, relative to the canvas's top-left corner. */
export interface ScreenRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The part of the map (map coordinates) a canvas `width` × `height` shows at `viewport`. */
export function areaShown({ x, y, zoom }: Viewport, width: number, height: number): Box {
  return { x: -x / zoom, y: -y / zoom, width: width / zoom, height: height / zoom };
}

/**
 * The viewport (React Flow's pan and zoom) that shows `bounds` (map coordinates) centred in the
 * part `free` of the canvas, with `padding` pixels around it; never zooming in past `maxZoom`.
 */
export function viewportToFit(bounds: Box, free: ScreenRect, padding = 40, maxZoom = 1, minZoom = 0.2): Viewport {
  const width = Math.max(1, free.width - 2 * padding);
  const height = Math.max(1, free.height - 2 * padding);
  const zoom = Math.min(maxZoom, Math.max(minZoom, Math.min(width / Math.max(bounds.width, 1), height / Math.max(bounds.height, 1))));
  return {
    x: free.left + free.width / 2 - (bounds.x + bounds.width / 2) * zoom,
    y: free.top + free.height / 2 - (bounds.y + bounds.height / 2) * zoom,
    zoom,
  };
}

/**
 * The part of the canvas no panel covers: a panel lying over the canvas's right side (the
 * Loops panel on a narrow screen) takes that side away.
 */
export function freeCanvasRect(canvas: DOMRect, panels: readonly DOMRect[]): ScreenRect {
  let right = canvas.right;
  for (const panel of panels) {
    const overlapsVertically = panel.bottom > canvas.top && panel.top < canvas.bottom;
    if (overlapsVertically && panel.left < right && panel.right > canvas.left) right = Math.min(right, panel.left);
  }
  return { left: 0, top: 0, width: Math.max(0, right - canvas.left), height: canvas.height };
}
