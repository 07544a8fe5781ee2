import type { InternalNode } from '@xyflow/react';
import { STATEMENT_HEIGHT, STATEMENT_WIDTH } from './flow-types';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Point {
  x: number;
  y: number;
}

/** Where a link is drawn: from border to border, with its sign marker near the arrow head. */
export interface LinkGeometry {
  source: Point;
  target: Point;
  /** Where the "+" or "−" marker sits: just before the arrow head. */
  marker: Point;
}

/** Room between a box's border and the arrow tip, so the head is not hidden by the border. */
const GAP = 4;
/** How far apart the two links of a pair that runs both ways are drawn. */
const PAIR_OFFSET = 9;
/** Distance of the polarity marker from the arrow tip. */
const MARKER_BACK = 34;

function boxOf(node: InternalNode): Box {
  return {
    x: node.internals.positionAbsolute.x,
    y: node.internals.positionAbsolute.y,
    width: node.measured.width ?? STATEMENT_WIDTH,
    height: node.measured.height ?? STATEMENT_HEIGHT,
  };
}

const centreOf = (box: Box): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** How far along `direction` a ray from `inside` travels before it leaves the box. */
function exitDistance(box: Box, inside: Point, direction: Point): number {
  const alongX =
    direction.x > 0 ? (box.x + box.width - inside.x) / direction.x : direction.x < 0 ? (box.x - inside.x) / direction.x : Infinity;
  const alongY =
    direction.y > 0 ? (box.y + box.height - inside.y) / direction.y : direction.y < 0 ? (box.y - inside.y) / direction.y : Infinity;
  const distance = Math.min(alongX, alongY);
  return Number.isFinite(distance) ? Math.max(0, distance) : 0;
}

/**
 * A straight link between two statements that attaches wherever the line between their centres
 * crosses each border, so arrows look right from any side (React Flow's floating edges).
 */
export function linkGeometry(from: InternalNode, to: InternalNode, hasReverse: boolean): LinkGeometry {
  const fromBox = boxOf(from);
  const toBox = boxOf(to);
  let start = centreOf(fromBox);
  let end = centreOf(toBox);
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const length = Math.hypot(dx, dy) || 1;
  const direction = { x: dx / length, y: dy / length };
  if (hasReverse) {
    // Each direction shifts to its own right-hand side, so the pair never overlaps.
    const shift = { x: -direction.y * PAIR_OFFSET, y: direction.x * PAIR_OFFSET };
    start = { x: start.x + shift.x, y: start.y + shift.y };
    end = { x: end.x + shift.x, y: end.y + shift.y };
  }
  const leave = exitDistance(fromBox, start, direction) + GAP;
  const arrive = exitDistance(toBox, end, { x: -direction.x, y: -direction.y }) + GAP;
  const source = { x: start.x + direction.x * leave, y: start.y + direction.y * leave };
  const target = { x: end.x - direction.x * arrive, y: end.y - direction.y * arrive };
  const span = Math.hypot(target.x - source.x, target.y - source.y);
  const back = Math.min(MARKER_BACK, span / 2);
  return {
    source,
    target,
    marker: { x: target.x - direction.x * back, y: target.y - direction.y * back },
  };
}
