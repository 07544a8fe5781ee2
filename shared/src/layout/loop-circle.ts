// A loop drawn as a circle: its statements clockwise in arrow order from 12 o'clock, so the
// team reads it round like a clock face, as causal loop diagrams are usually drawn.

import type { Point } from '../geometry/box.js';
import type { Positions } from './types.js';

/** Space between neighbouring boxes on the circle and the smallest radius to use. */
export interface LoopCircleOptions {
  /** clear space between any two boxes, in px (room for an arrow and its +/- sign); default 60 */
  margin?: number;
  /** use at least this radius, in px (to step the circle clear of pinned statements) */
  radius?: number;
}

interface Size {
  width: number;
  height: number;
}

const DEFAULT_MARGIN = 60;

/** Where statement i of n sits: its angle, clockwise from 12 o'clock. */
const angleOf = (index: number, count: number) => (2 * Math.PI * index) / count;

/**
 * The smallest radius at which no two of the loop's boxes, centred on the circle, come closer
 * than `margin`. Two boxes are apart once their centres differ by enough in x or in y, and both
 * differences grow in proportion to the radius, so each pair needs a radius of its own: the
 * circle takes the largest.
 */
export function loopCircleRadius(loop: readonly string[], sizes: ReadonlyMap<string, Size>, margin = DEFAULT_MARGIN): number {
  const boxes = loop.map((id) => sizeOf(sizes, id));
  const count = loop.length;
  let radius = 0;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      const across = Math.abs(Math.sin(angleOf(i, count)) - Math.sin(angleOf(j, count)));
      const down = Math.abs(Math.cos(angleOf(i, count)) - Math.cos(angleOf(j, count)));
      const width = (boxes[i]!.width + boxes[j]!.width) / 2 + margin;
      const height = (boxes[i]!.height + boxes[j]!.height) / 2 + margin;
      const needed = Math.min(across > 1e-9 ? width / across : Infinity, down > 1e-9 ? height / down : Infinity);
      radius = Math.max(radius, needed);
    }
  }
  return Math.ceil(radius);
}

/**
 * Top-lefts that put the loop's statements on a circle around `centre`, clockwise in arrow
 * order starting at 12 o'clock, with the smallest radius that keeps `margin` between boxes.
 * @example loopCircle(['a', 'b', 'c'], sizes, { x: 0, y: 0 }) // 'a' at the top, 'b' lower right, 'c' lower left
 */
export function loopCircle(
  loop: readonly string[],
  sizes: ReadonlyMap<string, Size>,
  centre: Point,
  options: LoopCircleOptions = {},
): Positions {
  const radius = Math.max(loopCircleRadius(loop, sizes, options.margin ?? DEFAULT_MARGIN), options.radius ?? 0);
  const positions: Positions = new Map();
  loop.forEach((id, index) => {
    const { width, height } = sizeOf(sizes, id);
    const angle = angleOf(index, loop.length);
    // Whole pixels, as statements are placed by hand; this may eat up to a pixel of the margin.
    positions.set(id, {
      x: Math.round(centre.x + radius * Math.sin(angle) - width / 2),
      y: Math.round(centre.y - radius * Math.cos(angle) - height / 2),
    });
  });
  return positions;
}

/**
 * One cyclic order holding every statement of several loops, keeping each loop's arrow order
 * where the loops allow it: the first loop as given, then each later loop's statements not yet
 * placed go right after the statement that precedes them in that loop. A loop sharing nothing
 * with the ones before is appended whole.
 * @example mergeLoops([['a', 'b', 'c'], ['a', 'b', 'x', 'c']]) // ['a', 'b', 'x', 'c']
 */
export function mergeLoops(loops: readonly (readonly string[])[]): string[] {
  const order: string[] = [];
  const placed = new Set<string>();
  for (const loop of loops) {
    const start = loop.findIndex((id) => placed.has(id));
    if (start < 0) {
      for (const id of loop) {
        if (placed.has(id)) continue;
        placed.add(id);
        order.push(id);
      }
      continue;
    }
    let previous = loop[start]!;
    for (let step = 1; step < loop.length; step++) {
      const id = loop[(start + step) % loop.length]!;
      if (!placed.has(id)) {
        order.splice(order.indexOf(previous) + 1, 0, id);
        placed.add(id);
      }
      previous = id;
    }
  }
  return order;
}

function sizeOf(sizes: ReadonlyMap<string, Size>, id: string): Size {
  const size = sizes.get(id);
  if (size === undefined) throw new Error(`loopCircle: no size for statement ${id}`);
  return size;
}
