import { type Box, type Point, boundsOf } from '@causal-map/shared/geometry/box';

/** How map coordinates are drawn in the overview: canvas = (map − origin) × scale. */
export interface OverviewFrame {
  origin: Point;
  scale: number;
}

/** Space around what is drawn, as a share of the larger side. */
const MARGIN = 0.05;

/**
 * Fits the whole map and the part on screen (`view`) into a `width` × `height` overview,
 * centred, with a margin: the framed view never leaves the overview, however far one pans.
 */
export function overviewFrame(content: Box | null, view: Box, width: number, height: number): OverviewFrame {
  const all = boundsOf(content ? [content, view] : [view])!;
  const margin = Math.max(all.width, all.height) * MARGIN;
  const scale = Math.min(width / (all.width + 2 * margin), height / (all.height + 2 * margin));
  return {
    origin: { x: all.x + all.width / 2 - width / 2 / scale, y: all.y + all.height / 2 - height / 2 / scale },
    scale,
  };
}

export const toOverview = ({ origin, scale }: OverviewFrame, box: Box): Box => ({
  x: (box.x - origin.x) * scale,
  y: (box.y - origin.y) * scale,
  width: box.width * scale,
  height: box.height * scale,
});

export const fromOverview = ({ origin, scale }: OverviewFrame, point: Point): Point => ({ x: origin.x + point.x / scale, y: origin.y + point.y / scale });
