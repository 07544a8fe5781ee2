// The obvious enumerator the benchmark checks against: from every node s, walk every simple
// path through nodes above s and keep the ones that come back to s. The only pruning is to
// skip nodes that cannot get back to s at all. Exponential in the number of paths, so it
// stops (returns undefined) after `budget` steps.

/** Every elementary cycle as a canonical string (nodes from the lowest, joined by ","). */
export function bruteForceCycles(adjacency: readonly number[][], budget = 50_000_000): string[] | undefined {
  const cycles: string[] = [];
  const onPath = new Uint8Array(adjacency.length);
  const reverse: number[][] = adjacency.map(() => []);
  adjacency.forEach((targets, v) => targets.forEach((w) => reverse[w]!.push(v)));
  const reaches = new Int32Array(adjacency.length).fill(-1); // reaches[v] === s: v can get to s
  let steps = 0;
  for (let start = 0; start < adjacency.length; start++) {
    const queue = [start];
    reaches[start] = start;
    for (let i = 0; i < queue.length; i++) {
      for (const v of reverse[queue[i]!]!) {
        if (v > start && reaches[v] !== start) {
          reaches[v] = start;
          queue.push(v);
        }
      }
    }
    const path = [start];
    const next = [0]; // position in the adjacency list of each path node
    onPath[start] = 1;
    while (path.length > 0) {
      if (++steps > budget) return undefined;
      const depth = path.length - 1;
      const v = path[depth]!;
      const targets = adjacency[v]!;
      const position = next[depth]!;
      if (position === targets.length) {
        onPath[v] = 0;
        path.pop();
        next.pop();
        continue;
      }
      next[depth] = position + 1;
      const w = targets[position]!;
      if (w === start) cycles.push(path.join(','));
      else if (w > start && onPath[w] === 0 && reaches[w] === start) {
        onPath[w] = 1;
        path.push(w);
        next.push(0);
      }
    }
  }
  return cycles;
}
