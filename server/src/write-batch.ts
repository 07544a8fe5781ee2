import type { Storage, UpdateMeta } from './storage.js';

interface PendingWrite {
  mapId: string;
  update: Uint8Array;
  meta: UpdateMeta;
  stored: (seq: number) => void;
  failed: (error: unknown) => void;
}

/**
 * Group commit: the updates that arrive in one socket read (ws parses every frame of a read in
 * one go, so a burst from one client or a proxy comes together) are written in one transaction,
 * and only then handed to `stored`, which relays them. Fewer commits than one per update, and
 * still nothing is relayed before it is stored (SPEC §4).
 *
 * Not one commit per turn of the event loop (setImmediate): under a burst, every update of the
 * turn would wait for all the others to be applied before the first one was relayed. Measured
 * with `npm run bench:server`, that raised the p99 relay latency by more than the extra commits
 * cost (docs/benchmarks.md).
 *
 * The documents already hold the pending updates, so anything that shows a document's state to
 * the outside (a sync reply, an HTTP read, a compaction) must call `flush()` first.
 */
export class WriteBatch {
  private pending: PendingWrite[] = [];
  private scheduled = false;

  constructor(private readonly storage: Storage) {}

  append(mapId: string, update: Uint8Array, meta: UpdateMeta, stored: (seq: number) => void, failed: (error: unknown) => void): void {
    this.pending.push({ mapId, update, meta, stored, failed });
    if (this.scheduled) return;
    this.scheduled = true;
    // Microtasks run once the callback that read the socket returns: after every message of
    // that read, outside the Yjs transaction that called us.
    queueMicrotask(this.flush);
  }

  /** Writes what is pending now, in one transaction, then reports each write in order. */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    // Taken first: a `stored` callback may append again (into the next batch) or flush.
    const batch = this.pending;
    this.pending = [];
    const seqs: number[] = [];
    const errors = new Map<number, unknown>();
    try {
      this.storage.inOneTransaction(() => {
        batch.forEach((write, index) => {
          try {
            seqs[index] = this.storage.appendUpdate(write.mapId, write.update, write.meta);
          } catch (error) {
            // One map's refused write (say it is gone) need not fail the others.
            errors.set(index, error);
          }
        });
      });
    } catch (error) {
      for (const write of batch) write.failed(error);
      return;
    }
    batch.forEach((write, index) => {
      const seq = seqs[index];
      if (seq === undefined) write.failed(errors.get(index));
      else write.stored(seq);
    });
  };
}
