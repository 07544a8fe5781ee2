import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { integratedState } from './integrated-state.js';
import type { Storage } from './storage.js';
import type { WriteBatch } from './write-batch.js';

export interface CompactionOptions {
  mapId: string;
  doc: Y.Doc;
  storage: Storage;
  writes: WriteBatch;
  log: Logger;
  /** Compact after this many journal entries. */
  compactEvery: number;
  /** Compact once the map has had no update for this long. */
  compactIdleMs: number;
  /** Only the map's keeper compacts (a snapshot never replaces a newer one). */
  isKeeper: () => boolean;
  /** True once the room failed or closed: nothing is compacted then. */
  isGone: () => boolean;
  /** The last journal seq the document holds without a hole. */
  upTo: () => number;
  /** Updates stored after the snapshot when the map was loaded. */
  pending: number;
  /** What storage held for the map when it was loaded. */
  storedBytes: number;
}

/**
 * One map's update log and its folding into a snapshot: how many entries and bytes storage
 * holds for it, and when to compact (every `compactEvery` entries, or once the map is quiet).
 */
export class Compaction {
  private sinceCompaction: number;
  /** What storage holds (or is about to) for this map: the snapshot and the updates after it. */
  private bytes: number;
  private idle: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly options: CompactionOptions) {
    this.sinceCompaction = options.pending;
    this.bytes = options.storedBytes;
  }

  /** Updates left from before a crash are folded in once the map is quiet. */
  started(): void {
    if (this.sinceCompaction > 0) this.scheduleIdle();
  }

  /** An update of this size is on its way to storage. */
  grew(bytes: number): void {
    this.bytes += bytes;
  }

  /**
   * True if an update of `bytes` would take the map past `max`. The update log repeats what the
   * snapshot could say shorter: what counts is the size the map takes once folded, which then
   * happens next.
   */
  wouldExceed(bytes: number, max: number): boolean {
    if (this.bytes + bytes > max && this.sinceCompaction > 0) {
      this.bytes = integratedState(this.options.doc).byteLength;
      void this.compactOrLog('compaction after a size check failed');
    }
    return this.bytes + bytes > max;
  }

  /** One more journal entry in the document: compaction is due sooner. */
  counted(): void {
    this.sinceCompaction += 1;
    if (this.sinceCompaction >= this.options.compactEvery) void this.compactOrLog('compaction failed; will retry');
    else this.scheduleIdle();
  }

  /**
   * Folds the update log into one snapshot. Only the keeper compacts; the snapshot is taken when
   * none of the map's own updates waits for its commit, so it holds nothing that is not stored,
   * and it covers the journal up to the last seq held without a hole.
   */
  compact(): Promise<void> {
    this.running ??= this.compactNow().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async compactOrLog(message: string): Promise<void> {
    try {
      await this.compact();
    } catch (error) {
      this.options.log.error({ map: this.options.mapId, err: error }, message);
    }
  }

  /** Stops the idle timer: the map is gone. */
  close(): void {
    this.cancelIdle();
  }

  private async compactNow(): Promise<void> {
    this.cancelIdle();
    const { mapId, doc, storage, writes, log } = this.options;
    if (!this.options.isKeeper() || this.sinceCompaction === 0) return;
    await writes.stored();
    if (this.options.isGone()) return;
    if (writes.waiting(mapId)) {
      // Busy: the next quiet moment.
      this.scheduleIdle();
      return;
    }
    const started = performance.now();
    const snapshot = integratedState(doc);
    const counted = this.sinceCompaction;
    const bytesBefore = this.bytes;
    await storage.compact(mapId, snapshot, this.options.upTo());
    log.debug({ map: mapId, updates: counted, ms: Math.round(performance.now() - started) }, 'compacted');
    this.sinceCompaction -= counted;
    this.bytes = snapshot.byteLength + (this.bytes - bytesBefore);
  }

  /** A quiet map is compacted too, so its log does not wait for the 500th update. */
  private scheduleIdle(): void {
    // Re-armed, not re-created, on every update: no timer allocated per keystroke.
    if (this.idle !== null) {
      this.idle.refresh();
      return;
    }
    this.idle = setTimeout(() => {
      this.idle = null;
      void this.compactOrLog('idle compaction failed; will retry');
    }, this.options.compactIdleMs);
    this.idle.unref();
  }

  private cancelIdle(): void {
    if (this.idle === null) return;
    clearTimeout(this.idle);
    this.idle = null;
  }
}
