import type { AnalysisInput, Loop, LoopAnalysis } from '@causal-map/shared/analysis/types';

/** One request to the loop worker; `seq` tells a stale answer from the latest one. */
export interface LoopWorkerRequest {
  seq: number;
  input: AnalysisInput;
}

export type LoopWorkerReply =
  /** `ms`: how long the analysis took, to choose where the next one runs. */
  | { seq: number; ok: true; packed: PackedAnalysis; ms: number }
  | { seq: number; ok: false; message: string };

type LoopHead = Omit<Loop, 'statements' | 'statementIds' | 'linkIds'>;

/**
 * A loop analysis as the worker sends it: every id once, each loop's statements and links as
 * indexes into them, in typed arrays handed over without copying. Sent as it is, the 10,000
 * loops of a 1,000-statement map (about 200 statements each) were six million strings to copy
 * into the page, which took it from about 45 to 180 MB and paused it on arrival.
 */
export interface PackedAnalysis {
  ids: string[];
  /** Loop i's statements and links are at [offsets[i], offsets[i + 1]) of the arrays below. */
  offsets: Int32Array;
  statementIds: Int32Array;
  linkIds: Int32Array;
  numbers: Int32Array;
  loops: LoopHead[];
  truncated: boolean;
  onLoopStatements: number[];
  onLoopLinks: number[];
  counts: LoopAnalysis['counts'];
}

export function packAnalysis(analysis: LoopAnalysis): PackedAnalysis {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const indexOf = (id: string): number => {
    let at = index.get(id);
    if (at === undefined) {
      at = ids.push(id) - 1;
      index.set(id, at);
    }
    return at;
  };
  const total = analysis.loops.reduce((sum, loop) => sum + loop.statementIds.length, 0);
  const offsets = new Int32Array(analysis.loops.length + 1);
  const statementIds = new Int32Array(total);
  const linkIds = new Int32Array(total);
  const numbers = new Int32Array(total);
  const loops: LoopHead[] = [];
  let at = 0;
  analysis.loops.forEach(({ statements, statementIds: members, linkIds: links, ...head }, i) => {
    offsets[i] = at;
    members.forEach((id, k) => {
      statementIds[at + k] = indexOf(id);
      linkIds[at + k] = indexOf(links[k]!);
      numbers[at + k] = statements[k]!;
    });
    at += members.length;
    loops.push(head);
  });
  offsets[analysis.loops.length] = at;
  return {
    ids,
    offsets,
    statementIds,
    linkIds,
    numbers,
    loops,
    truncated: analysis.truncated,
    onLoopStatements: [...analysis.onLoopStatements].map(indexOf),
    onLoopLinks: [...analysis.onLoopLinks].map(indexOf),
    counts: analysis.counts,
  };
}

/** The buffers of a packed analysis, to hand over to the page rather than copy. */
export const packedBuffers = (packed: PackedAnalysis): ArrayBuffer[] =>
  [packed.offsets, packed.statementIds, packed.linkIds, packed.numbers].map((array) => array.buffer as ArrayBuffer);

export function unpackAnalysis(packed: PackedAnalysis): LoopAnalysis {
  const { ids, offsets } = packed;
  const loops = packed.loops.map((head, i): Loop => {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const statementIds: string[] = [];
    const linkIds: string[] = [];
    const statements: number[] = [];
    for (let k = from; k < to; k++) {
      statementIds.push(ids[packed.statementIds[k]!]!);
      linkIds.push(ids[packed.linkIds[k]!]!);
      statements.push(packed.numbers[k]!);
    }
    return { ...head, statements, statementIds, linkIds };
  });
  return {
    loops,
    truncated: packed.truncated,
    onLoopStatements: new Set(packed.onLoopStatements.map((i) => ids[i]!)),
    onLoopLinks: new Set(packed.onLoopLinks.map((i) => ids[i]!)),
    counts: packed.counts,
  };
}
