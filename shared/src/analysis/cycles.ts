import { createSccWork, stronglyConnected, type Adjacency } from './scc.js';

// Node numbers and stack depths are below n, so typed-array reads are in range (see scc.ts).

/**
 * Receives one elementary cycle: nodes[0 .. length-1] in arrow order (from any of its nodes),
 * and edges[i] the edge leaving nodes[i]. The arrays are scratch space, valid during the call only.
 */
export type CycleVisitor = (nodes: Int32Array, edges: Int32Array, length: number) => void;

/**
 * All elementary cycles of the given strongly connected components, by Johnson's algorithm
 * (SIAM J. Comput. 4(1), 1975) with an explicit stack, so a 100,000-statement ring cannot
 * overflow the call stack. Like networkx's `simple_cycles`: take a node s of a component,
 * list the cycles through s, remove s, split the rest into components again.
 * Johnson bounds the work between two cycles by O(nodes + edges), so stopping after
 * `maxCycles` bounds the whole search, also on dense maps. Returns true when it stopped there
 * (there was at least one cycle more).
 */
export function findCycles(
  graph: Adjacency,
  components: number[][],
  maxCycles: number,
  visit: CycleVisitor,
): boolean {
  const { offsets, targets } = graph;
  const nodeCount = offsets.length - 1;
  const mark = new Int32Array(nodeCount).fill(-1); // mark[v] === stamp: v is in the component
  const blocked = new Uint8Array(nodeCount);
  const found = new Uint8Array(nodeCount); // a cycle was found below this node on the path
  const nextEdge = new Int32Array(nodeCount);
  const path = new Int32Array(nodeCount);
  const pathEdges = new Int32Array(nodeCount);
  // Johnson's sets B(w) as linked lists threaded through the edges: v is in B(w) when edge v->w
  // is (inB[e] === 1), so a set never holds more than w's incoming edges and needs no allocation.
  const head = new Int32Array(nodeCount).fill(-1); // first edge of B(w)
  const nextInB = new Int32Array(targets.length);
  const inB = new Uint8Array(targets.length);
  const sources = new Int32Array(targets.length);
  for (let v = 0; v < nodeCount; v++) sources.fill(v, offsets[v]!, offsets[v + 1]!);
  const unblockStack: number[] = [];
  const work = createSccWork(nodeCount);
  let cycleCount = 0;
  const pending = components.slice().reverse();
  let stamp = 0;

  function unblock(node: number): void {
    blocked[node] = 0;
    unblockStack.push(node);
    while (unblockStack.length > 0) {
      const u = unblockStack.pop()!;
      for (let edge = head[u]!; edge !== -1; edge = nextInB[edge]!) {
        inB[edge] = 0;
        const v = sources[edge]!;
        if (blocked[v] === 1) {
          blocked[v] = 0;
          unblockStack.push(v);
        }
      }
      head[u] = -1;
    }
  }

  /** Lists the cycles through `start`; false when the bound was hit. */
  function circuit(start: number): boolean {
    let depth = 1;
    path[0] = start;
    blocked[start] = 1;
    found[start] = 0;
    nextEdge[start] = offsets[start]!;
    while (depth > 0) {
      const v = path[depth - 1]!;
      const edge = nextEdge[v]!;
      if (edge < offsets[v + 1]!) {
        nextEdge[v] = edge + 1;
        const w = targets[edge]!;
        if (mark[w] !== stamp) continue;
        if (w === start) {
          if (cycleCount >= maxCycles) return false;
          pathEdges[depth - 1] = edge;
          cycleCount++;
          visit(path, pathEdges, depth);
          found[v] = 1;
        } else if (blocked[w] === 0) {
          pathEdges[depth - 1] = edge;
          path[depth++] = w;
          blocked[w] = 1;
          found[w] = 0;
          nextEdge[w] = offsets[w]!;
        }
        continue;
      }
      // v is finished: unblock it if it led back to start, else wait on its successors.
      if (found[v] === 1) {
        unblock(v);
      } else {
        for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
          const w = targets[e]!;
          if (mark[w] !== stamp || inB[e] === 1) continue;
          inB[e] = 1;
          nextInB[e] = head[w]!;
          head[w] = e;
        }
      }
      depth--;
      if (depth > 0 && found[v] === 1) found[path[depth - 1]!] = 1;
    }
    return true;
  }

  while (pending.length > 0) {
    const component = pending.pop()!;
    stamp++;
    // Any start works for Johnson; the middle of the component's depth-first order splits
    // long chains in halves, where the lowest node would peel them one statement at a time.
    const start = component[component.length >> 1]!;
    for (const v of component) {
      mark[v] = stamp;
      blocked[v] = 0;
      head[v] = -1;
      inB.fill(0, offsets[v]!, offsets[v + 1]!);
    }
    if (!circuit(start)) return true;
    mark[start] = -1;
    const rest = component.filter((v) => v !== start);
    const parts = stronglyConnected(graph, rest, mark, stamp, work);
    for (let i = parts.length - 1; i >= 0; i--) pending.push(parts[i]!);
  }
  return false;
}
