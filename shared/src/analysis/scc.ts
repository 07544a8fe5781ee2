// Indices used below are node numbers of one LoopGraph (0 .. n-1) or positions on stacks that
// never exceed n, so every typed-array read is in range; the `!` assertions only say so.

/** The adjacency part of a LoopGraph. */
export interface Adjacency {
  offsets: Int32Array;
  targets: Int32Array;
}

/** Scratch arrays for `stronglyConnected`, sized once per graph and reused. */
export interface SccWork {
  index: Int32Array;
  low: Int32Array;
  nextEdge: Int32Array;
  onStack: Uint8Array;
  callStack: Int32Array;
  componentStack: Int32Array;
}

/** Allocates the scratch arrays for a graph of `nodeCount` nodes. */
export function createSccWork(nodeCount: number): SccWork {
  return {
    index: new Int32Array(nodeCount),
    low: new Int32Array(nodeCount),
    nextEdge: new Int32Array(nodeCount),
    onStack: new Uint8Array(nodeCount),
    callStack: new Int32Array(nodeCount),
    componentStack: new Int32Array(nodeCount),
  };
}

/**
 * Strongly connected components of the subgraph induced by `members` (the nodes v with
 * mark[v] === stamp), by Tarjan's algorithm with an explicit stack, in O(nodes + edges).
 * Returns only components of two or more nodes: the ones that hold loops.
 */
export function stronglyConnected(
  graph: Adjacency,
  members: ArrayLike<number>,
  mark: Int32Array,
  stamp: number,
  work: SccWork,
): number[][] {
  const { offsets, targets } = graph;
  const { index, low, nextEdge, onStack, callStack, componentStack } = work;
  const components: number[][] = [];
  for (let i = 0; i < members.length; i++) index[members[i]!] = -1;

  let counter = 0;
  let componentTop = 0;
  for (let i = 0; i < members.length; i++) {
    const root = members[i]!;
    if (index[root] !== -1) continue;
    let callTop = 0;
    callStack[callTop++] = root;
    index[root] = low[root] = counter++;
    nextEdge[root] = offsets[root]!;
    componentStack[componentTop++] = root;
    onStack[root] = 1;

    while (callTop > 0) {
      const v = callStack[callTop - 1]!;
      const edge = nextEdge[v]!;
      if (edge < offsets[v + 1]!) {
        nextEdge[v] = edge + 1;
        const w = targets[edge]!;
        if (mark[w] !== stamp) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          nextEdge[w] = offsets[w]!;
          componentStack[componentTop++] = w;
          onStack[w] = 1;
          callStack[callTop++] = w;
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      // v is finished: pass its low link up, and close its component if v is the root.
      callTop--;
      if (callTop > 0) {
        const parent = callStack[callTop - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
      if (low[v] !== index[v]) continue;
      let start = componentTop - 1;
      while (componentStack[start] !== v) start--;
      for (let k = start; k < componentTop; k++) onStack[componentStack[k]!] = 0;
      if (componentTop - start >= 2) {
        components.push(Array.from(componentStack.subarray(start, componentTop)));
      }
      componentTop = start;
    }
  }
  return components;
}
