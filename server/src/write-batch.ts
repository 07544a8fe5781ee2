import type { Storage, UpdateMeta, UpdateWrite } from './storage.js';

interface PendingWrite extends UpdateWrite {
  stored: (seq: number) => void;
  failed: (error: unknown) => void;
}

/**
 * Group commit: updates are written in one transaction per batch, and only then handed to
 * `stored`, which relays them. One batch is in flight at a time; what arrives meanwhile waits
 * and goes in the next one, so the busier the server, the more each commit carries, and still
 * nothing is relayed before it is stored (SPEC §4).
 *
 * A batch starts at the end of the socket read that brought its first update (a microtask: ws
 * parses every frame of a read in one go), not on a timer: a timer would hold the first update
 * of a burst back for the whole burst (measured with `npm run bench:server`, docs/benchmarks.md).
 *
 * The documents already hold the pending updates, so anything that shows a document's state to
 * the outside (a sync reply, an HTTP read, a compaction) works it out, then waits for `stored()`.
 */
export class WriteBatch {
  private pending: PendingWrite[] = [];
  private scheduled = false;
  /** The batch being written, if any, and the maps it holds updates of. */
  private inFlight: Promise<void> | null = null;
  private inFlightMaps = new Set<string>();
  /** Settles once the pending writes (the next batch) are written, or have failed. */
  private next: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(private readonly storage: Storage) {}

  append(mapId: string, update: Uint8Array, meta: UpdateMeta, stored: (seq: number) => void, failed: (error: unknown) => void): void {
    this.pending.push({ mapId, update, meta, stored, failed });
    if (this.scheduled || this.inFlight) return;
    this.scheduled = true;
    // Microtasks run once the callback that read the socket returns: after every message of
    // that read, outside the Yjs transaction that called us.
    queueMicrotask(this.start);
  }

  /** Whether updates of `mapId` wait for their commit (a snapshot must not include them). */
  waiting(mapId: string): boolean {
    if (this.inFlightMaps.has(mapId)) return true;
    return this.pending.some((write) => write.mapId === mapId);
  }

  /** Resolves once every update appended so far is written (or has failed, and said so). */
  stored(): Promise<void> {
    if (this.pending.length > 0) {
      if (!this.next) {
        let resolve = (): void => {};
        const promise = new Promise<void>((settle) => {
          resolve = settle;
        });
        this.next = { promise, resolve };
      }
      return this.next.promise;
    }
    return this.inFlight ?? Promise.resolve();
  }

  private readonly start = (): void => {
    this.scheduled = false;
    if (this.inFlight || this.pending.length === 0) return;
    const batch = this.pending;
    const done = this.next;
    this.pending = [];
    this.next = null;
    this.inFlightMaps = new Set(batch.map((write) => write.mapId));
    this.inFlight = this.write(batch).finally(() => {
      this.inFlight = null;
      this.inFlightMaps = new Set();
      done?.resolve();
      // What came in while this batch was written goes now, in one batch.
      this.start();
    });
  };

  private async write(batch: PendingWrite[]): Promise<void> {
    let results: Array<number | Error>;
    try {
      results = await this.storage.appendUpdates(batch);
    } catch (error) {
      for (const write of batch) write.failed(error);
      return;
    }
    batch.forEach((write, index) => {
      const result = results[index];
      if (typeof result === 'number') write.stored(result);
      else write.failed(result ?? new Error('no result for a write'));
    });
  }
}
