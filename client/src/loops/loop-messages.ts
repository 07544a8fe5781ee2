import type { AnalysisInput, LoopAnalysis } from '@causal-map/shared/analysis/types';

/** One request to the loop worker; `seq` tells a stale answer from the latest one. */
export interface LoopWorkerRequest {
  seq: number;
  input: AnalysisInput;
}

export type LoopWorkerReply =
  /** `ms`: how long the analysis took, to choose where the next one runs. */
  | { seq: number; ok: true; analysis: LoopAnalysis; ms: number }
  | { seq: number; ok: false; message: string };
