import * as Y from 'yjs';
import { type ExportDocument, toExportDocument } from '@causal-map/shared/export-document';
import { analyseMap, readLoopNotes, toExportLoop } from '@causal-map/shared/loop';
import type { LoopNote } from '@causal-map/shared/analysis/types';
import type { Storage } from './storage.js';

// Time travel (SPEC §3): the map as it was at a moment by the server's clock, rebuilt from the
// journal, which keeps every update the map accepted with the time it arrived.

export type MomentAnswer =
  | { kind: 'found'; document: ExportDocument; notes: Record<string, LoopNote> }
  | { kind: 'not-yet' }
  | { kind: 'no-map' };

/** Reads `at` from a query: ms since epoch, or null if absent; NaN when it is not a time. */
export function momentOf(query: URLSearchParams): number | null {
  const at = query.get('at');
  if (at === null) return null;
  return /^\d{1,15}$/.test(at.trim()) ? Number(at) : Number.NaN;
}

/**
 * The export document (with its loops, labelled as the server had labelled them then) and the
 * loop notes of the map as it was at `at`. Updates are replayed in the order they arrived.
 */
export function mapAt(storage: Storage, id: string, at: number, maxLoops: number): MomentAnswer {
  const record = storage.getMap(id);
  const journal = storage.journal(id);
  if (!record || !journal) return { kind: 'no-map' };
  if (at < record.createdAt) return { kind: 'not-yet' };
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const entry of journal) {
        if (entry.receivedAt > at) continue;
        Y.applyUpdate(doc, entry.update);
      }
    });
    const loops = analyseMap(doc, { maxLoops }).loops.map(toExportLoop);
    return { kind: 'found', document: toExportDocument(doc, loops), notes: readLoopNotes(doc) };
  } finally {
    doc.destroy();
  }
}
