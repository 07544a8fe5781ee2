import * as Y from 'yjs';
import { analyseLoops } from '@causal-map/shared/analysis/loops';
import type { AnalysisInput, LoopAnalysis } from '@causal-map/shared/analysis/types';
import { nameLoops } from '@causal-map/shared/analysis/labels';
import { analysisInput, readLabels } from '@causal-map/shared/loop';
import { mapParts } from '@causal-map/shared/schema';
import { type LoopWorkerReply, type LoopWorkerRequest, unpackAnalysis } from './loop-messages';

/** Above this many live links the loops are found in a worker; below, inline is quicker. */
export const WORKER_LINK_THRESHOLD = 150;

/**
 * A smaller map with many loops can still be slow to analyse: once an analysis takes longer
 * than this, the next ones go to the worker too, until one is quick again.
 */
const SLOW_MS = 12;

/** Statement fields that never change a loop: moving a statement must not re-run the analysis. */
const PLACEMENT_FIELDS = new Set(['x', 'y']);

/**
 * What a transaction can change of the loops: which loops there are ('loops': statements, links,
 * valences, the team's notes), or only their names (the server's `labels`); not typing, moving,
 * the title or the server's `flags`.
 */
function touchesLoops(transaction: Y.Transaction, doc: Y.Doc): 'loops' | 'names' | null {
  const { meta, statements, labels, flags } = mapParts(doc);
  let names = false;
  for (const [type, fields] of transaction.changed) {
    if (type instanceof Y.Text || (type as unknown) === meta) continue;
    if ((type as unknown) === labels) {
      names = true;
      continue;
    }
    if ((type as unknown) === flags || (type.parent as unknown) === flags) continue;
    const placementOnly = [...fields].every((field) => field !== null && PLACEMENT_FIELDS.has(field));
    if (type.parent === statements && placementOnly) continue;
    return 'loops';
  }
  return names ? 'names' : null;
}

/** The same loops under the server's labels as they are now: no need to find them again. */
function renamed(analysis: LoopAnalysis, labels: Record<string, string>): LoopAnalysis {
  const names = nameLoops(analysis.loops, labels);
  return { ...analysis, loops: analysis.loops.map((loop, i) => ({ ...loop, name: names[i]!.name, provisional: names[i]!.provisional })) };
}

export interface LoopWatch {
  /** Analyses the map again soon, changed or not; the next result is the map as it is now. */
  refresh: () => void;
  stop: () => void;
}

function liveLinkCount(input: AnalysisInput): number {
  let count = 0;
  for (const link of input.links) if (!link.deleted) count++;
  return count;
}

/**
 * Keeps the map's loop analysis current: after each burst of changes that can touch loops,
 * small maps are analysed inline; large ones on a worker, one job at a time, the latest
 * request only (answers to older requests are dropped by their sequence number).
 */
export function watchLoops(doc: Y.Doc, onAnalysis: (analysis: LoopAnalysis) => void): LoopWatch {
  let seq = 0;
  let queued = false;
  let stopped = false;
  let worker: Worker | null = null;
  let workerBroken = false;
  let busy = false;
  let slow = false;
  /** The latest request, not yet sent because the worker was busy. */
  let waiting: LoopWorkerRequest | null = null;
  /** The loops found last, and whether the server's labels changed while they were being found. */
  let last: LoopAnalysis | null = null;
  let namesChanged = false;
  const report = (analysis: LoopAnalysis) => {
    if (namesChanged) {
      namesChanged = false;
      analysis = renamed(analysis, readLabels(doc));
    }
    last = analysis;
    onAnalysis(analysis);
  };

  const send = (request: LoopWorkerRequest) => {
    busy = true;
    worker?.postMessage(request);
  };

  const onReply = (event: MessageEvent<LoopWorkerReply>) => {
    busy = false;
    const reply = event.data;
    if (reply.ok) slow = reply.ms > SLOW_MS;
    if (reply.seq === seq) {
      if (reply.ok) report(unpackAnalysis(reply.packed));
      else console.error('Finding loops failed:', reply.message);
    }
    if (waiting) {
      const next = waiting;
      waiting = null;
      send(next);
    }
  };

  // A worker that cannot start or crashes is given up: the map is then analysed inline.
  const onWorkerError = (event: ErrorEvent) => {
    console.error('The loop worker stopped; finding loops on the page instead.', event.message);
    workerBroken = true;
    worker?.terminate();
    worker = null;
    busy = false;
    waiting = null;
    run();
  };

  const ensureWorker = (): Worker | null => {
    if (worker || workerBroken) return worker;
    try {
      worker = new Worker(new URL('./loop-worker.ts', import.meta.url), { type: 'module' });
      worker.addEventListener('message', onReply);
      worker.addEventListener('error', onWorkerError);
    } catch (error) {
      console.error('No loop worker; finding loops on the page instead.', error);
      workerBroken = true;
    }
    return worker;
  };

  function run() {
    queued = false;
    if (stopped) return;
    const input = analysisInput(doc);
    const request = { seq: ++seq, input };
    const large = slow || liveLinkCount(input) > WORKER_LINK_THRESHOLD;
    if (!large || !ensureWorker()) {
      waiting = null;
      const started = performance.now();
      const analysis = analyseLoops(input);
      slow = performance.now() - started > SLOW_MS;
      report(analysis);
    } else if (busy) {
      waiting = request;
    } else {
      send(request);
    }
  }

  const refresh = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(run);
  };

  const onTransaction = (transaction: Y.Transaction) => {
    const touched = touchesLoops(transaction, doc);
    if (touched === 'loops') refresh();
    // Only the labels: rename the loops found last, unless a new analysis is on its way anyway.
    else if (touched === 'names') {
      namesChanged = true;
      if (last !== null && !queued && !busy) report(last);
    }
  };

  doc.on('afterTransaction', onTransaction);
  run();
  return {
    refresh,
    stop() {
      doc.off('afterTransaction', onTransaction);
      stopped = true;
      worker?.terminate();
      worker = null;
    },
  };
}
