import { readServerLoopState } from '@causal-map/shared/loop-flags';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { LoopJob } from './loop-job.js';
import { type LoopsAnswer, loopJob } from './loop-pass.js';
import type { LoopRunner } from './loop-pool.js';
import { loadDoc } from './load-doc.js';
import { type Peer, Room, type RoomOptions } from './room.js';
import type { JournalEntry, Storage } from './storage.js';
import { WriteBatch } from './write-batch.js';

export interface RoomsOptions extends Omit<RoomOptions, 'onFailed' | 'writes'> {
  /** How long an empty room stays loaded, so a quick reconnect does not reload it. */
  graceMs: number;
  log: Logger;
  loopPool: LoopRunner;
  /** Loop listing stops after this many loops (SPEC §2 bounds). */
  maxLoops: number;
}

/** The open maps: loads a room on first join, unloads it when the last peer has left. */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly storedLoops = new Map<string, Promise<LoopsAnswer | undefined>>();
  private readonly writes: WriteBatch;

  constructor(
    private readonly storage: Storage,
    private readonly options: RoomsOptions,
  ) {
    this.writes = new WriteBatch(storage);
  }

  get size(): number {
    return this.rooms.size;
  }

  /** Adds a peer to a map's room, loading the map if needed; undefined for an unknown map. */
  join(id: string, peer: Peer): Room | undefined {
    const room = this.rooms.get(id) ?? this.load(id);
    if (!room) return undefined;
    this.cancelUnload(id);
    room.join(peer);
    return room;
  }

  leave(room: Room, peer: Peer): void {
    room.leave(peer);
    if (room.peerCount > 0 || this.rooms.get(room.id) !== room) return;
    if (this.options.graceMs === 0) {
      this.unload(room);
      return;
    }
    this.cancelUnload(room.id);
    const timer = setTimeout(() => this.unload(room), this.options.graceMs);
    timer.unref();
    this.unloadTimers.set(room.id, timer);
  }

  /**
   * The map's journal, with every update a room has accepted so far: what is waiting for the
   * group commit is written first. Undefined for an unknown map.
   */
  journal(id: string): JournalEntry[] | undefined {
    this.writes.flush();
    return this.storage.journal(id);
  }

  /**
   * Lends the map's current document to `read`: the open room's, or one loaded from storage for
   * the occasion. The document must not be kept or changed.
   */
  read<T>(id: string, read: (doc: Y.Doc) => T): T | undefined {
    const room = this.rooms.get(id);
    if (room) {
      room.flushWrites();
      return read(room.doc);
    }
    const loaded = loadDoc(this.storage, id);
    if (!loaded) return undefined;
    try {
      return read(loaded.doc);
    } finally {
      loaded.doc.destroy();
    }
  }

  /**
   * The map's loops, named by the server's labels: the open room's, or worked out for a stored
   * map without writing anything (the room writes the same labels when it next opens).
   */
  async loops(id: string): Promise<LoopsAnswer | undefined> {
    const room = this.rooms.get(id);
    if (room) {
      const answer = await room.loops();
      // Closed while we waited: storage has everything it had.
      if (answer.kind === 'done' || answer.reason !== 'closed') return answer;
    }
    // Requests that come together share one analysis: a stored map does not change.
    let analysing = this.storedLoops.get(id);
    if (!analysing) {
      analysing = this.storedMapLoops(id).finally(() => this.storedLoops.delete(id));
      this.storedLoops.set(id, analysing);
    }
    return analysing;
  }

  private async storedMapLoops(id: string): Promise<LoopsAnswer | undefined> {
    const loaded = loadDoc(this.storage, id);
    if (!loaded) return undefined;
    let job: LoopJob;
    try {
      job = loopJob(loaded.doc, readServerLoopState(loaded.doc), this.options.maxLoops);
    } finally {
      loaded.doc.destroy();
    }
    const outcome = await this.options.loopPool.run(job);
    if (outcome.kind === 'failed') return outcome;
    return { kind: 'done', truncated: outcome.result.truncated, loopsJson: outcome.result.loopsJson };
  }

  /** Closes every room's connections with `code` and compacts it (graceful shutdown). */
  closeAll(code: number, reason: string): void {
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const room of Array.from(this.rooms.values())) room.close(code, reason);
    this.rooms.clear();
  }

  private load(id: string): Room | undefined {
    if (!this.storage.getMap(id)) return undefined;
    const { graceMs: _grace, ...roomOptions } = this.options;
    const room = new Room(id, this.storage, {
      ...roomOptions,
      writes: this.writes,
      onFailed: (failed) => {
        if (this.rooms.get(failed.id) === failed) this.rooms.delete(failed.id);
        this.cancelUnload(failed.id);
      },
    });
    this.rooms.set(id, room);
    this.options.log.debug({ map: id }, 'map loaded');
    return room;
  }

  private unload(room: Room): void {
    this.unloadTimers.delete(room.id);
    if (room.peerCount > 0 || this.rooms.get(room.id) !== room) return;
    this.rooms.delete(room.id);
    room.close(1001, 'map closed');
    this.options.log.debug({ map: room.id }, 'map unloaded');
  }

  private cancelUnload(id: string): void {
    const timer = this.unloadTimers.get(id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.unloadTimers.delete(id);
  }
}
