// "Tidy the map": ELK's layered layout, so most arrows run one way (causes before effects) and
// loops show as the few arrows running back. Pinned statements never move; the rest of the map
// is fitted around them.

import { boundsOf, type Point, type StatementBox } from '../geometry/box.js';
import { layoutEdges, runElk } from './elk-graph.js';
import { movedStatements, removeOverlaps } from './free-space.js';
import type { ElkEngine, ElkLayoutOptions, LayoutInput, Positions } from './types.js';

/** Which way the arrows should mostly run, and the clear space kept around moved statements. */
export interface TidyOptions {
  direction: 'RIGHT' | 'DOWN';
  /**
   * Width / height of the screen the map is read on. A long chain of causes is then wrapped into
   * rows (or columns) that fit it, the way text wraps, instead of running off far to one side.
   */
  aspectRatio?: number;
  /** space kept between a pinned statement and the ones moved off it, in px; default 24 */
  margin?: number;
}

// Between statements of one layer there is room for an arrow and its +/- sign; between layers,
// room for the arrows to bend and for their signs. ELK breaks cycles itself (the loops' back
// arrows) and lays out and packs the map's separate parts one by one.
const LAYERED: ElkLayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.spacing.nodeNode': '60',
  'elk.layered.spacing.nodeNodeBetweenLayers': '100',
  'elk.spacing.edgeNode': '30',
  'elk.layered.spacing.edgeNodeBetweenLayers': '30',
  'elk.spacing.componentComponent': '90',
  'elk.separateConnectedComponents': 'true',
  'elk.layered.cycleBreaking.strategy': 'GREEDY',
  'elk.randomSeed': '1',
};

// Network simplex places statements in straighter rows and packs the layers about half as
// tall, but its time grows steeply (measured in node: 0.6 s at 100 statements, 5 s at 300,
// 80 s at 1,000). Larger maps get Brandes–Köpf and fewer crossing-reduction passes, which
// found as few crossings on the benchmark maps in a tenth of the time (bench/layout.ts).
// Wrapping to the screen makes network simplex slower still (6 s at 100 statements), so only
// maps of up to 40 statements, the size of most case conferences, get it.
const SMALL_MAP = 40;
const SMALL: ElkLayoutOptions = { 'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX' };
const LARGE: ElkLayoutOptions = { 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', 'elk.layered.thoroughness': '3' };

/**
 * New places for the map's statements from ELK's layered layout, arrows running mostly
 * `direction`. Pinned statements stay exactly where they are: the layout is shifted so the
 * pinned ones' laid-out places match their real places on average, they go back to their
 * places, and any statement now under one moves to the nearest free place. With nothing pinned
 * the tidied map keeps the top-left corner the map has now. Returns only statements that move.
 */
export async function tidyLayout(elk: ElkEngine, input: LayoutInput, options: TidyOptions): Promise<Positions> {
  const { statements } = input;
  if (statements.length === 0) return new Map();
  const indexOf = new Map(statements.map((statement, index) => [statement.id, index]));
  const layoutOptions = {
    ...LAYERED,
    ...(statements.length <= SMALL_MAP ? SMALL : LARGE),
    ...(options.aspectRatio ? wrapping(options.aspectRatio) : {}),
    'elk.direction': options.direction,
  };
  const laid = await runElk(elk, statements, layoutEdges(input.links, indexOf), layoutOptions);

  const pinned = statements.flatMap((statement, index) => (statement.pinned ? [index] : []));
  let shift: Point;
  if (pinned.length > 0) {
    shift = {
      x: mean(pinned.map((index) => statements[index]!.x - laid[index]!.x)),
      y: mean(pinned.map((index) => statements[index]!.y - laid[index]!.y)),
    };
  } else {
    const before = boundsOf(statements)!;
    const after = boundsOf(statements.map((statement, index) => ({ ...statement, ...laid[index]! })))!;
    shift = { x: before.x - after.x, y: before.y - after.y };
  }

  const boxes: StatementBox[] = statements.map((statement, index) => ({
    id: statement.id,
    x: statement.pinned ? statement.x : Math.round(laid[index]!.x + shift.x),
    y: statement.pinned ? statement.y : Math.round(laid[index]!.y + shift.y),
    width: statement.width,
    height: statement.height,
  }));
  const fixed = new Set(pinned.map((index) => statements[index]!.id));
  const movedOff = removeOverlaps(boxes, fixed, [], { margin: options.margin ?? 24 });
  return movedStatements(statements, movedOff, (index) => boxes[index]!);
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** ELK's graph wrapping: cuts the layered drawing into chunks laid side by side to fit `ratio`. */
function wrapping(ratio: number): ElkLayoutOptions {
  const clamped = Math.min(4, Math.max(0.25, ratio));
  return { 'elk.layered.wrapping.strategy': 'MULTI_EDGE', 'elk.aspectRatio': clamped.toFixed(2) };
}
