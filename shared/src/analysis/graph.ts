import type { AnalysisInput, AnalysisLink, AnalysisStatement } from './types.js';

/**
 * The live, well-formed part of a map as a compact directed graph (CSR form).
 * Node i is `statements[i]`; statements are sorted by number, then id, so node order (and
 * everything derived from it) never depends on the order of the input arrays.
 */
export interface LoopGraph {
  statements: AnalysisStatement[];
  /** edges of node v are offsets[v] .. offsets[v + 1] - 1, sorted by target node */
  offsets: Int32Array;
  targets: Int32Array;
  /** the link behind each edge, parallel to `targets` */
  edgeLinks: AnalysisLink[];
}

function byNumberThenId(a: AnalysisStatement, b: AnalysisStatement): number {
  if (a.number !== b.number) return a.number - b.number;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** True when `a` wins over `b` as the link of their ordered pair: smallest (createdAt, id). */
function isEarlier(a: AnalysisLink, b: AnalysisLink): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}

/**
 * Builds the graph the loops are found in (SPEC §1 well-formedness): drops deleted statements
 * and links, links with a missing or deleted end, self-links, and duplicate links of an
 * ordered pair (the smallest (createdAt, id) counts). Never mutates the input.
 */
export function buildLoopGraph(input: AnalysisInput): LoopGraph {
  const statements: AnalysisStatement[] = [];
  const indexOf = new Map<string, number>();
  const live = input.statements.filter((statement) => !statement.deleted).sort(byNumberThenId);
  for (const statement of live) {
    if (indexOf.has(statement.id)) continue; // ids are map keys; guard against a malformed input
    indexOf.set(statement.id, statements.length);
    statements.push(statement);
  }

  // Bucket the live links by their start (counting sort), then order each bucket by end and
  // keep the first link of each pair: linear apart from sorting the (small) buckets.
  const count = statements.length;
  const candidates: AnalysisLink[] = [];
  const candidateFrom: number[] = [];
  const candidateTo: number[] = [];
  for (const link of input.links) {
    if (link.deleted || link.from === link.to) continue;
    const from = indexOf.get(link.from);
    const to = indexOf.get(link.to);
    if (from === undefined || to === undefined) continue;
    candidates.push(link);
    candidateFrom.push(from);
    candidateTo.push(to);
  }
  const bucketStart = new Int32Array(count + 1);
  for (const from of candidateFrom) bucketStart[from + 1]!++;
  for (let v = 0; v < count; v++) bucketStart[v + 1]! += bucketStart[v]!;
  const fill = bucketStart.slice(0, count);
  const bucket = new Int32Array(candidates.length); // candidate numbers, grouped by start
  candidateFrom.forEach((from, c) => (bucket[fill[from]!++] = c));

  const offsets = new Int32Array(count + 1);
  const targets: number[] = [];
  const edgeLinks: AnalysisLink[] = [];
  const byEnd = (a: number, b: number): number =>
    candidateTo[a]! - candidateTo[b]! || (isEarlier(candidates[a]!, candidates[b]!) ? -1 : 1);
  for (let v = 0; v < count; v++) {
    const group = bucket.subarray(bucketStart[v]!, bucketStart[v + 1]!);
    if (group.length > 1) group.sort(byEnd);
    let previous = -1;
    for (const c of group) {
      const to = candidateTo[c]!;
      if (to === previous) continue; // a duplicate of the pair: the earlier link counts
      previous = to;
      targets.push(to);
      edgeLinks.push(candidates[c]!);
    }
    offsets[v + 1] = targets.length;
  }
  return { statements, offsets, targets: Int32Array.from(targets), edgeLinks };
}
