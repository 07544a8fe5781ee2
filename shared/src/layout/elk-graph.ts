// Turning a map into an ELK JSON graph and reading the answer back. Nodes and edges get ids by
// position ("n3", "e7") so any statement or link id, however odd, is safe to send.

import type { Point } from '../geometry/box.js';
import type { ElkEngine, ElkGraph, ElkGraphEdge, ElkGraphNode, ElkLayoutOptions, LayoutLink, LayoutStatement } from './types.js';

/** The links ELK should see: both ends present, no self-links (they never change a layout). */
export function layoutEdges(links: readonly LayoutLink[], indexOf: ReadonlyMap<string, number>): [number, number][] {
  const edges: [number, number][] = [];
  for (const link of links) {
    const from = indexOf.get(link.from);
    const to = indexOf.get(link.to);
    if (from === undefined || to === undefined || from === to) continue;
    edges.push([from, to]);
  }
  return edges;
}

/** Nodes and edges beyond the statements and links, to steer a layout; ids must not look like "n3" or "e7". */
export interface ElkExtras {
  children: ElkGraphNode[];
  edges: ElkGraphEdge[];
}

/**
 * Lays out the statements with ELK and returns their top-lefts. Node i of the graph stands for
 * statement i; `node` adds a start position or options to it.
 */
export async function runElk(
  elk: ElkEngine,
  statements: readonly LayoutStatement[],
  edges: readonly [number, number][],
  layoutOptions: ElkLayoutOptions,
  node: (statement: LayoutStatement, index: number) => Partial<ElkGraphNode> = () => ({}),
  extras: ElkExtras = { children: [], edges: [] },
): Promise<Point[]> {
  const children: ElkGraphNode[] = statements.map((statement, index) => ({
    id: `n${index}`,
    width: statement.width,
    height: statement.height,
    ...node(statement, index),
  }));
  const elkEdges: ElkGraphEdge[] = edges.map(([from, to], index) => ({ id: `e${index}`, sources: [`n${from}`], targets: [`n${to}`] }));
  const graph: ElkGraph = { id: 'map', layoutOptions, children: [...children, ...extras.children], edges: [...elkEdges, ...extras.edges] };
  const laid = await elk.layout(graph);
  const byId = new Map((laid.children ?? []).map((child) => [child.id, child]));
  return statements.map((statement, index) => {
    const child = byId.get(`n${index}`);
    if (child?.x === undefined || child.y === undefined) throw new Error(`ELK returned no position for statement ${statement.id}`);
    return { x: child.x, y: child.y };
  });
}
