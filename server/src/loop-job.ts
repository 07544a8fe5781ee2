import { analyseLoops } from '@causal-map/shared/analysis/loops';
import type { AnalysisInput } from '@causal-map/shared/analysis/types';
import { toExportLoop } from '@causal-map/shared/loop';
import { type LoopStatePlan, type ServerLoopState, planLoopState } from '@causal-map/shared/loop-flags';

// One loop analysis of one map, as plain data in and out, so it can run in a worker thread
// (loop-worker.ts) and never hold up the rooms on the main thread.

export interface LoopJob {
  input: AnalysisInput;
  /** What the server has written to `labels` and `flags` so far. */
  ledger: ServerLoopState;
  /** When the job was asked for: the `flaggedAt` of new flags. */
  now: number;
  maxLoops: number;
}

export interface LoopJobResult {
  /** What the server writes next: labels for new loops, flags raised and dropped. */
  plan: LoopStatePlan;
  truncated: boolean;
  /**
   * The loops as a JSON array of SPEC §3 Loop objects, named by the server's labels. A string,
   * because a dense map lists 10,000 long loops: stringifying them on the main thread, or
   * sending them over as objects, would hold up every other map for a noticeable moment.
   */
  loopsJson: string;
  loopCount: number;
}

/** A message to the worker: one job. */
export interface WorkerRequest {
  id: number;
  job: LoopJob;
}

/** A message from the worker. */
export type WorkerReply =
  | { kind: 'ready' }
  | { kind: 'done'; id: number; result: LoopJobResult }
  | { kind: 'error'; id: number; message: string };

/**
 * Analyses the map, names its loops by the ledger's labels and plans the server's writes.
 * Loops the server has not labelled yet get the name the plan gives them: both number new loops
 * after the highest label in use, in listing order (shared/src/analysis/labels.ts).
 */
export function runLoopJob(job: LoopJob): LoopJobResult {
  const analysis = analyseLoops({ ...job.input, labels: job.ledger.labels }, { maxLoops: job.maxLoops });
  const plan = planLoopState(analysis, job.ledger, job.now);
  return {
    plan,
    truncated: analysis.truncated,
    loopsJson: JSON.stringify(analysis.loops.map(toExportLoop)),
    loopCount: analysis.loops.length,
  };
}
