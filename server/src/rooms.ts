import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Cluster, Keepers } from './cluster.js';
import type { LoopJob } from './loop-job.js';
import { type LoopsAnswer, labelledJob, loopsWithoutWriting } from './loop-pass.js';
import type { LoopRunner } from './loop-pool.js';
import { loadDoc } from './load-doc.js';
import { type Peer, Room, type RoomOptions } from './room.js';
import { sharedByKey } from './shared-by-key.js';
import type { JournalEntry, Storage } from './storage.js';
import { WriteBatch } from './write-batch.js';

export interface RoomsOptions extends Omit<RoomOptions, 'onFailed' | 'writes' | 'onRevoked'> {
  /** How long an empty room stays loaded, so a quick reconnect does not reload it. */
  graceMs: number;
  log: Logger;
  loopPool: LoopRunner;
  /** Loop listing stops after this many loops (SPEC §2 bounds). */
  maxLoops: number;
  cluster: Cluster;
  keepers: Keepers;
  /** How often a node of several checks its open maps against storage and for a keeper. */
  checkEveryMs?: number;
}

/** The open maps: loads a room on first join, unloads it when the last peer has left. */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room | undefined>>();
  /** Rooms still storing and compacting on their way out: a new load of the map waits for them. */
  private readonly closing = new Map<string, Promise<void>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private readonly storedLoops = new Map<string, Promise<LoopsAnswer | undefined>>();
  private readonly writes: WriteBatch;
  private readonly checks: NodeJS.Timeout | null = null;
  private revokedListener: (mapId: string) => void = () => {};

  constructor(
    private readonly storage: Storage,
    private readonly options: RoomsOptions,
  ) {
    this.writes = new WriteBatch(storage);
    if (options.cluster.shared) {
      // Redis drops a message now and then (pub/sub does not keep them): checking every open map's
      // last seq against storage turns a missed one into a short delay instead of a silent loss.
      this.checks = setInterval(() => void this.checkAll(), options.checkEveryMs ?? 1000);
      this.checks.unref();
      options.cluster.onReconnect(() => void this.checkAll());
      options.keepers.onLost(() => {
        for (const room of this.rooms.values()) room.lostKeeping();
      });
    }
  }

  get size(): number {
    return this.rooms.size;
  }

  /** How many open maps this node keeps (for /healthz and tests). */
  get keeping(): number {
    let count = 0;
    for (const room of this.rooms.values()) if (room.isKeeper) count += 1;
    return count;
  }

  /** Called when another node rotated a map's tokens. */
  onRevoked(listener: (mapId: string) => void): void {
    this.revokedListener = listener;
  }

  /** The open room of a map, if this node has it loaded. */
  get(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Adds a peer to a map's room, loading the map if needed; undefined for an unknown map. */
  async join(id: string, peer: Peer): Promise<Room | undefined> {
    const room = await this.open(id);
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

  /** Resolves once every update the rooms hold now is stored. */
  stored(): Promise<void> {
    return this.writes.stored();
  }

  /**
   * The map's journal, with every update a room has accepted so far: what is waiting for the
   * group commit is written first. Undefined for an unknown map.
   */
  async journal(id: string): Promise<JournalEntry[] | undefined> {
    await this.writes.stored();
    return this.storage.journal(id);
  }

  /**
   * Lends the map's current document to `read`: the open room's, or one loaded from storage for
   * the occasion. The document must not be kept or changed. The answer is given once what it
   * was read from is stored.
   */
  async read<T>(id: string, read: (doc: Y.Doc) => T): Promise<T | undefined> {
    const room = this.rooms.get(id);
    if (room?.isOpen) {
      const value = read(room.doc);
      await room.stored();
      return value;
    }
    await this.closing.get(id);
    const loaded = await loadDoc(this.storage, id);
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
    return sharedByKey(this.storedLoops, id, () => this.storedMapLoops(id));
  }

  private async storedMapLoops(id: string): Promise<LoopsAnswer | undefined> {
    await this.closing.get(id);
    const loaded = await loadDoc(this.storage, id);
    if (!loaded) return undefined;
    let job: LoopJob;
    try {
      job = labelledJob(loaded.doc, this.options.maxLoops);
    } finally {
      loaded.doc.destroy();
    }
    return loopsWithoutWriting(job, this.options.loopPool);
  }

  /** Closes every room's connections with `code`, then stores and compacts it (graceful shutdown). */
  async closeAll(code: number, reason: string): Promise<void> {
    if (this.checks) clearInterval(this.checks);
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    await Promise.allSettled(this.loading.values());
    const closing = Array.from(this.rooms.values()).map((room) => room.close(code, reason));
    this.rooms.clear();
    await Promise.all([...closing, ...this.closing.values()]);
    await this.writes.stored();
  }

  /** Loads a map once, however many connections ask for it at the same moment. */
  private open(id: string): Promise<Room | undefined> {
    const room = this.rooms.get(id);
    if (room) return Promise.resolve(room);
    return sharedByKey(this.loading, id, () => this.load(id));
  }

  private async load(id: string): Promise<Room | undefined> {
    // The last room of this map may still be storing its last updates.
    await this.closing.get(id);
    const { graceMs: _grace, checkEveryMs: _check, ...roomOptions } = this.options;
    const room = await Room.open(id, this.storage, {
      ...roomOptions,
      writes: this.writes,
      onFailed: (failed) => {
        if (this.rooms.get(failed.id) === failed) this.rooms.delete(failed.id);
        this.cancelUnload(failed.id);
      },
      onRevoked: (mapId) => this.revokedListener(mapId),
    });
    if (!room) return undefined;
    this.rooms.set(id, room);
    this.options.log.debug({ map: id }, 'map loaded');
    return room;
  }

  private unload(room: Room): void {
    this.unloadTimers.delete(room.id);
    if (room.peerCount > 0 || this.rooms.get(room.id) !== room) return;
    this.rooms.delete(room.id);
    const closing = room
      .close(1001, 'map closed')
      .catch((error: unknown) => this.options.log.error({ map: room.id, err: error }, 'could not close a map cleanly'))
      .finally(() => {
        if (this.closing.get(room.id) === closing) this.closing.delete(room.id);
      });
    this.closing.set(room.id, closing);
    this.options.log.debug({ map: room.id }, 'map unloaded');
  }

  private cancelUnload(id: string): void {
    const timer = this.unloadTimers.get(id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.unloadTimers.delete(id);
  }

  /** Several nodes: catch up with what storage holds, and take up maps nobody keeps. */
  private async checkAll(): Promise<void> {
    const open = Array.from(this.rooms.values()).filter((room) => room.isOpen);
    if (open.length === 0) return;
    try {
      const lastSeqs = await this.storage.lastSeqs(open.map((room) => room.id));
      for (const room of open) {
        const last = lastSeqs.get(room.id);
        if (last !== undefined) room.checkSeq(last);
      }
    } catch (error) {
      this.options.log.warn({ err: error }, 'could not check the open maps against storage');
      return;
    }
    await Promise.all(open.filter((room) => !room.isKeeper).map((room) => room.tryToKeep()));
  }
}
