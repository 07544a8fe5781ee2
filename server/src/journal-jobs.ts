import type { ExportDocument } from '@causal-map/shared/export-document';
import type { HistoryEvent, HistorySteps, JournalRecord } from '@causal-map/shared/history';
import type { LoopNote } from '@causal-map/shared/analysis/types';
import type { JournalJob } from './history-worker.js';
import { startWorkerThread } from './loop-worker-start.js';

// History and time travel replay a whole journal: they run on a thread of their own.

function inWorker<T>(job: JournalJob): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = startWorkerThread('history-worker', job, { maxOldGenerationSizeMb: 1024 });
    worker.once('message', (answer: T) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the journal worker stopped (${code})`));
    });
  });
}

export function historyInWorker(journal: JournalRecord[], maxLoops: number): Promise<HistoryEvent[]> {
  return inWorker({ kind: 'history', journal, maxLoops });
}

/** The events with the journal entry each belongs to, and which closures were vicious: what a replay shows. */
export function stepsInWorker(journal: JournalRecord[], maxLoops: number): Promise<HistorySteps> {
  return inWorker({ kind: 'steps', journal, maxLoops });
}

export function momentInWorker(
  journal: JournalRecord[],
  at: number,
  maxLoops: number,
): Promise<{ document: ExportDocument; notes: Record<string, LoopNote> }> {
  return inWorker({ kind: 'moment', journal, at, maxLoops });
}
