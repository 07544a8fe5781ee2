import type { ExportDocument } from '@causal-map/shared/export-document';
import type { LoopNote } from '@causal-map/shared/analysis/types';
import { momentInWorker } from './journal-jobs.js';
import type { JournalEntry } from './storage.js';

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
 * loop notes of the map as it was at `at`: the journal replayed up to then, on a worker thread.
 * A moment in the future gives the map as it is now.
 */
export async function mapAt(journal: JournalEntry[] | undefined, createdAt: number, at: number, maxLoops: number): Promise<MomentAnswer> {
  if (!journal) return { kind: 'no-map' };
  if (at < createdAt) return { kind: 'not-yet' };
  const { document, notes } = await momentInWorker(journal, at, maxLoops);
  return { kind: 'found', document, notes };
}
