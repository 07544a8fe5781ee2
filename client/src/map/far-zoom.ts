import type { ReactFlowState } from '@xyflow/react';

/**
 * Below this zoom a link's sign, arrowhead and dashes, and the background's dots, are a pixel or
 * less across: too small to see, and drawing them for the hundreds of links in view made panning
 * a big map miss every other frame.
 */
export const FAR_ZOOM = 0.3;

/** A boolean, so a component using it renders again only when the zoom crosses the line. */
export const isFar = (state: ReactFlowState) => state.transform[2] < FAR_ZOOM;
