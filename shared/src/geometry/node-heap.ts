// The open list of the router's A*: a binary min-heap of node numbers by key, in typed arrays
// that are reused from search to search. Stale entries are left in and skipped by the caller.

/** A min-heap of node numbers; among equal keys the smaller node comes first. */
export class NodeHeap {
  private nodes = new Int32Array(256);
  private keys = new Float64Array(256);
  /** How many entries it holds. */
  size = 0;

  /** Adds the node with this key. */
  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.size * 2);
      const keys = new Float64Array(this.size * 2);
      nodes.set(this.nodes);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    const { nodes, keys } = this;
    let at = this.size++;
    while (at > 0) {
      const up = (at - 1) >> 1;
      // Ties go to the smaller node, so equal ways are chosen the same way every time.
      if (keys[up]! < key || (keys[up] === key && nodes[up]! < node)) break;
      nodes[at] = nodes[up]!;
      keys[at] = keys[up]!;
      at = up;
    }
    nodes[at] = node;
    keys[at] = key;
  }

  /** Removes and returns the node with the smallest key; the heap must not be empty. */
  pop(): number {
    const { nodes, keys } = this;
    const top = nodes[0]!;
    const size = --this.size;
    const node = nodes[size]!;
    const key = keys[size]!;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (keys[right]! < keys[child]! || (keys[right] === keys[child] && nodes[right]! < nodes[child]!))) child = right;
      if (keys[child]! > key || (keys[child] === key && nodes[child]! > node)) break;
      nodes[at] = nodes[child]!;
      keys[at] = keys[child]!;
      at = child;
    }
    nodes[at] = node;
    keys[at] = key;
    return top;
  }
}
