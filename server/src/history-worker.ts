import { parentPort, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { toExportDocument } from '@causal-map/shared/export-document';
import { historyOf, historySteps, type JournalRecord } from '@causal-map/shared/history';
import { analyseMap, readLoopNotes, toExportLoop } from '@causal-map/shared/loop';

// Works through a map's journal off the server's event loop: a long journal never holds up the
// other maps. One job per thread; the answer is posted back, and the thread ends.

export type JournalJob =
  | { kind: 'history'; journal: JournalRecord[]; maxLoops: number }
  | { kind: 'steps'; journal: JournalRecord[]; maxLoops: number }
  | { kind: 'moment'; journal: JournalRecord[]; at: number; maxLoops: number };

function run(job: JournalJob): unknown {
  if (job.kind === 'history') return historyOf(job.journal, job.maxLoops);
  if (job.kind === 'steps') return historySteps(job.journal, job.maxLoops);
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const entry of job.journal) if (entry.receivedAt <= job.at) Y.applyUpdate(doc, entry.update);
    });
    const loops = analyseMap(doc, { maxLoops: job.maxLoops }).loops.map(toExportLoop);
    return { document: toExportDocument(doc, loops), notes: readLoopNotes(doc) };
  } finally {
    doc.destroy();
  }
}

const { payload } = workerData as { payload: JournalJob };
parentPort?.postMessage(run(payload));
