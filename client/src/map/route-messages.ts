import type { StatementBox } from '@causal-map/shared/geometry/box';
import type { LinkEnds, Route } from '@causal-map/shared/geometry/route';

/**
 * What changed since the last request: the worker keeps the boxes and links it was sent, so a
 * drag step sends one box, not a thousand.
 */
export interface RouteRequest {
  seq: number;
  /** Boxes added, moved or resized. */
  boxes: StatementBox[];
  /** Ids of boxes gone. */
  gone: string[];
  /** Every link's ends, when they changed; null when they did not. */
  ends: LinkEnds[] | null;
}

/** Tells a worker started ahead that the map is large: it warms up its router meanwhile. */
export interface RouteWarmUp {
  warmUp: true;
}

/** The routes that changed: new or redrawn ones, and the links no longer drawn. */
export interface RouteReply {
  seq: number;
  routes: [string, Route][];
  gone: string[];
}
