import type { Logger } from 'pino';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { type LoopsAnswer, LoopPass, SERVER_ORIGIN } from './loop-pass.js';
import type { LoopRunner } from './loop-pool.js';
import { awarenessMessage, updateMessage } from './protocol.js';
import type { Storage } from './storage.js';
import type { Access } from './tokens.js';

/** One websocket connection as a room sees it. */
export interface Peer {
  readonly access: Access;
  /** Awareness client ids this peer announced; their states go when the peer goes. */
  readonly clientIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

export interface RoomOptions {
  compactEvery: number;
  log: Logger;
  /** Where loop analyses run, shared by all rooms. */
  loopPool: LoopRunner;
  maxLoops: number;
  /** Called once when storage failed and the room closed itself. */
  onFailed: (room: Room) => void;
}

type RoomState = 'open' | 'closed' | 'failed';

/** Builds a map's Y.Doc from storage: the snapshot, then every update after it. */
export function loadDoc(storage: Storage, id: string): { doc: Y.Doc; lastSeq: number; pending: number } | undefined {
  const stored = storage.loadMap(id);
  if (!stored) return undefined;
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  }, 'storage');
  return { doc, lastSeq: stored.lastSeq, pending: stored.updates.length };
}

/**
 * One open map: its document (fully loaded before anyone syncs), who is present (awareness)
 * and its connections. Every change is written to storage before it is relayed (SPEC §4).
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly peers = new Set<Peer>();
  private readonly loopPass: LoopPass;
  private state: RoomState = 'open';
  private lastSeq: number;
  private updatesSinceCompaction: number;

  constructor(
    readonly id: string,
    private readonly storage: Storage,
    private readonly options: RoomOptions,
  ) {
    const loaded = loadDoc(storage, id);
    if (!loaded) throw new Error(`map ${id} is not in storage`);
    this.doc = loaded.doc;
    this.lastSeq = loaded.lastSeq;
    this.updatesSinceCompaction = loaded.pending;
    this.awareness = new Awareness(this.doc);
    // The server is not a person on the map.
    this.awareness.setLocalState(null);
    this.loopPass = new LoopPass({
      mapId: id,
      doc: this.doc,
      pool: options.loopPool,
      log: options.log,
      maxLoops: options.maxLoops,
    });
    // Attached after loading, so loading does not write the stored updates a second time.
    this.doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.loopPass.start();
  }

  get peerCount(): number {
    return this.peers.size;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  join(peer: Peer): void {
    this.peers.add(peer);
  }

  /** Removes a peer and the awareness states it controlled (others see it leave). */
  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    if (peer.clientIds.size > 0 && this.state === 'open') {
      removeAwarenessStates(this.awareness, Array.from(peer.clientIds), null);
    }
  }

  /** The map's loops, named by the server's labels, once the latest change is analysed. */
  loops(): Promise<LoopsAnswer> {
    return this.loopPass.loops();
  }

  /** Folds the update log into one snapshot, in one storage transaction. */
  compact(): void {
    if (this.state !== 'open' || this.updatesSinceCompaction === 0) return;
    const started = performance.now();
    this.storage.compact(this.id, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
    this.options.log.debug(
      { map: this.id, updates: this.updatesSinceCompaction, ms: Math.round(performance.now() - started) },
      'compacted',
    );
    this.updatesSinceCompaction = 0;
  }

  /** Closes every connection with `code`, compacts and frees the document. */
  close(code: number, reason: string): void {
    if (this.state !== 'open') return;
    // Before anything else: no loop pass may write to a closing map.
    this.loopPass.close();
    for (const peer of Array.from(this.peers)) peer.close(code, reason);
    this.peers.clear();
    try {
      this.compact();
    } catch (error) {
      // The updates are still in storage; the next load replays them.
      this.options.log.error({ map: this.id, err: error }, 'compaction on close failed');
    }
    this.state = 'closed';
    this.destroy();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.state !== 'open') return;
    try {
      this.lastSeq = this.storage.appendUpdate(this.id, update);
    } catch (error) {
      this.fail(error);
      return;
    }
    const message = updateMessage(update);
    for (const peer of this.peers) peer.send(message);
    this.updatesSinceCompaction += 1;
    if (this.updatesSinceCompaction >= this.options.compactEvery) {
      try {
        this.compact();
      } catch (error) {
        this.options.log.error({ map: this.id, err: error }, 'compaction failed; will retry');
      }
    }
    if (origin !== SERVER_ORIGIN) this.loopPass.changed();
  };

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer = this.peerOf(origin);
    if (peer) {
      for (const client of changes.added) peer.clientIds.add(client);
      for (const client of changes.removed) peer.clientIds.delete(client);
    }
    const changed = [...changes.added, ...changes.updated, ...changes.removed];
    // Sent to the sender too, as the stock server does: the stock client counts its own echoed
    // awareness renewals as proof that the connection is alive.
    const message = awarenessMessage(this.awareness, changed);
    for (const each of this.peers) each.send(message);
  };

  private peerOf(origin: unknown): Peer | undefined {
    for (const peer of this.peers) if (peer === origin) return peer;
    return undefined;
  }

  /**
   * Storage refused a write. The document now holds a change that is not on disk, so it must
   * not be relayed or served: drop the room; clients reconnect and resync from storage, sending
   * their change again.
   */
  private fail(error: unknown): void {
    this.options.log.error({ map: this.id, err: error }, 'could not store an update; closing the map');
    this.state = 'failed';
    this.loopPass.close();
    for (const peer of Array.from(this.peers)) peer.close(1011, 'storage failed');
    this.peers.clear();
    this.options.onFailed(this);
    // Not inside the Yjs update event that brought us here.
    queueMicrotask(() => this.destroy());
  }

  private destroy(): void {
    this.doc.off('update', this.onUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
