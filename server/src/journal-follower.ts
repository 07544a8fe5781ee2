import type { Logger } from 'pino';
import { SeqTracker } from './seq-tracker.js';
import type { Storage } from './storage.js';

// A hole in the seqs usually fills within milliseconds (two nodes' commits crossing in Redis);
// only a hole that stays this long is read from storage.
const CATCH_UP_AFTER_MS = 100;

export interface FollowerOptions {
  mapId: string;
  storage: Storage;
  log: Logger;
  /** The seq of the last journal entry the loaded document holds. */
  loadedUpTo: number;
  /** Applies (and relays) an entry another node committed, the first time it comes. */
  apply: (update: Uint8Array) => void;
}

/**
 * Keeps one room's document level with its map's journal when several nodes write to it.
 * Entries come from this node's commits, from the other nodes through Redis (in any order, or
 * not at all if Redis dropped them) and from storage; each is applied once, and a hole that does
 * not fill by itself is read from storage, so nothing is missed silently.
 */
export class JournalFollower {
  private readonly seqs: SeqTracker;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly options: FollowerOptions) {
    this.seqs = new SeqTracker(options.loadedUpTo);
  }

  /** Every entry up to this seq is in the document (what a snapshot may say it covers). */
  get upTo(): number {
    return this.seqs.contiguous;
  }

  /** This node committed entry `seq`; false if it was read back from storage first. */
  committed(seq: number): boolean {
    const fresh = this.seqs.add(seq);
    this.watch();
    return fresh;
  }

  /** Another node committed entry `seq`. */
  received(seq: number, update: Uint8Array): void {
    if (this.closed || !this.seqs.add(seq)) return;
    this.options.apply(update);
    this.watch();
  }

  /** Storage holds the journal up to `lastSeq` (a periodic check): read what is missing. */
  check(lastSeq: number): void {
    if (lastSeq > this.seqs.contiguous) void this.catchUp();
  }

  /** Reads and applies the entries after the last one held; one read at a time. */
  catchUp(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const { storage, mapId, log } = this.options;
    this.running = (async () => {
      do {
        this.again = false;
        const entries = await storage.updatesAfter(mapId, this.seqs.contiguous);
        if (entries.length > 0) log.info({ map: mapId, entries: entries.length }, 'caught up from storage');
        for (const entry of entries) this.received(entry.seq, entry.update);
      } while (this.again && !this.closed);
    })()
      .catch((error: unknown) => log.warn({ map: mapId, err: error }, 'could not catch up from storage; will retry'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private watch(): void {
    if (!this.seqs.hasGap || this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.seqs.hasGap && !this.closed) void this.catchUp();
    }, CATCH_UP_AFTER_MS);
    this.timer.unref();
  }
}
