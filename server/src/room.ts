import type { Logger } from 'pino';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MAX_COMMENT_LENGTH } from '@causal-map/shared/comments';
import { AwarenessRelay } from './awareness-relay.js';
import { CLOSE, ConnectionRefusal } from './close-codes.js';
import { integratedState } from './integrated-state.js';
import { loadDoc } from './load-doc.js';
import { type LoopsAnswer, LoopPass, SERVER_ORIGIN } from './loop-pass.js';
import type { LoopRunner } from './loop-pool.js';
import { updateMessage } from './protocol.js';
import type { Storage } from './storage.js';
import { longValueIn, tooSmallToBeLong, trimLongTexts } from './text-limit.js';
import type { Access } from './tokens.js';
import type { WriteBatch } from './write-batch.js';

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
  /** Compact once the map has had no update for this long. */
  compactIdleMs: number;
  /** Stored size (snapshot + update log) an update may not take the map past. */
  maxMapBytes: number;
  /** Longest text or plain value in the map. */
  maxText: number;
  /** Presence relayed per connection and second, at most. */
  awarenessPerSecond: number;
  log: Logger;
  /** Where loop analyses run, shared by all rooms. */
  loopPool: LoopRunner;
  maxLoops: number;
  /** Where updates are written (group commit), shared by all rooms. */
  writes: WriteBatch;
  /** Called once when storage failed and the room closed itself. */
  onFailed: (room: Room) => void;
}

type RoomState = 'open' | 'closed' | 'failed';

/**
 * One open map: its document (fully loaded before anyone syncs), who is present (awareness)
 * and its connections. Every change is written to storage before it is relayed (SPEC §4).
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly peers = new Set<Peer>();
  private readonly loopPass: LoopPass;
  private readonly presence: AwarenessRelay<Peer>;
  private state: RoomState = 'open';
  private lastSeq: number;
  private updatesSinceCompaction: number;
  /** What storage holds (or is about to) for this map: the snapshot and the updates after it. */
  private storedBytes: number;
  private idleCompaction: NodeJS.Timeout | null = null;
  /** The bytes of the editor's update being applied right now, if any. */
  private applying: Uint8Array | null = null;

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
    this.storedBytes = loaded.storedBytes;
    this.awareness = new Awareness(this.doc);
    // The server is not a person on the map.
    this.awareness.setLocalState(null);
    this.presence = new AwarenessRelay<Peer>(this.awareness, options.awarenessPerSecond, (message) => {
      for (const peer of this.peers) peer.send(message);
    });
    this.loopPass = new LoopPass({
      mapId: id,
      doc: this.doc,
      pool: options.loopPool,
      log: options.log,
      maxLoops: options.maxLoops,
    });
    // Attached after loading, so loading does not write the stored updates a second time.
    this.doc.on('update', this.onUpdate);
    this.doc.getMap('meta').observe(this.onMetaChange);
    this.awareness.on('update', this.onAwarenessUpdate);
    this.loopPass.start();
    // Updates left from before a crash are folded in once the map is quiet.
    if (this.updatesSinceCompaction > 0) this.scheduleIdleCompaction();
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
    this.presence.forget(peer);
    if (peer.clientIds.size > 0 && this.state === 'open') {
      removeAwarenessStates(this.awareness, Array.from(peer.clientIds), null);
    }
  }

  /**
   * Commits the updates still waiting for the group commit (and relays them). Called before the
   * document's state is shown to anyone, so no one sees a change that is not stored yet.
   */
  flushWrites(): void {
    this.options.writes.flush();
  }

  /** The map's loops, named by the server's labels, once the latest change is analysed. */
  loops(): Promise<LoopsAnswer> {
    // An answer is shown to the outside too: it must not rest on an update not yet stored.
    this.flushWrites();
    return this.loopPass.loops();
  }

  /**
   * Applies an editor's update (origin: its connection), unless it would take the map past its
   * size or carries an over-long plain value: then it throws ConnectionRefusal and the map is
   * untouched. Texts written past the limit are cut in the same transaction (text-limit.ts).
   */
  receiveUpdate(update: Uint8Array, origin: object): void {
    if (this.state !== 'open') return;
    const { maxMapBytes, maxText } = this.options;
    const small = tooSmallToBeLong(update, Math.min(maxText, MAX_COMMENT_LENGTH));
    if (!small && longValueIn(update, maxText, MAX_COMMENT_LENGTH) !== null) throw new ConnectionRefusal(CLOSE.textTooLong);
    // Structs held back for a missing earlier update may come in with this one, whatever its size.
    const onlyGrown = small && this.doc.store.pendingStructs === null;
    // The update's own size stands for what it adds: it is what storage will hold, or more.
    if (this.storedBytes + update.byteLength > maxMapBytes && this.updatesSinceCompaction > 0) {
      // The update log repeats what the snapshot could say shorter; fold it before refusing.
      this.compactOrLog('compaction before a size check failed');
    }
    if (this.storedBytes + update.byteLength > maxMapBytes) throw new ConnectionRefusal(CLOSE.mapTooLarge);
    this.applying = update;
    try {
      // Not local: as y-protocols applies remote updates.
      Y.transact(
        this.doc,
        (transaction) => {
          try {
            Y.applyUpdate(this.doc, update);
          } finally {
            // Also when the update fails half-way: whatever part of it went in is still relayed.
            trimLongTexts(this.doc, transaction, maxText, onlyGrown);
          }
        },
        origin,
        false,
      );
    } finally {
      this.applying = null;
    }
  }

  /**
   * Folds the update log into one snapshot, in one storage transaction. It runs synchronously
   * on the one thread that also writes updates, so a map never has two compactions at once and
   * none can interleave with an update.
   */
  compact(): void {
    // The snapshot is the document's state: everything in it must be stored, and counted.
    this.flushWrites();
    this.cancelIdleCompaction();
    if (this.state !== 'open' || this.updatesSinceCompaction === 0) return;
    const started = performance.now();
    const snapshot = integratedState(this.doc);
    this.storage.compact(this.id, snapshot, this.lastSeq);
    this.options.log.debug(
      { map: this.id, updates: this.updatesSinceCompaction, ms: Math.round(performance.now() - started) },
      'compacted',
    );
    this.updatesSinceCompaction = 0;
    this.storedBytes = snapshot.byteLength;
  }

  /** Closes every connection with `code`, compacts and frees the document. */
  close(code: number, reason: string): void {
    if (this.state !== 'open') return;
    // Before anything else: no loop pass may write to a closing map.
    this.loopPass.close();
    for (const peer of Array.from(this.peers)) peer.close(code, reason);
    this.peers.clear();
    // The updates are still in storage if this fails; the next load replays them.
    this.compactOrLog('compaction on close failed');
    this.state = 'closed';
    this.destroy();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (this.state !== 'open') return;
    // Counted now, so the size check of the next update in this turn sees this one.
    this.storedBytes += update.byteLength;
    // What Yjs passes on is, byte for byte, what the sender sent: the sender has it already. If
    // it is anything more (a text cut to the limit, earlier structs this update completed), the
    // sender gets it back like everyone else.
    const sender = this.applying !== null && sameBytes(update, this.applying) ? origin : null;
    const meta = { receivedAt: Date.now(), by: this.nameOf(origin) };
    this.options.writes.append(this.id, update, meta, (seq) => this.relayStored(update, seq, sender), this.onWriteFailed);
    if (origin !== SERVER_ORIGIN) this.loopPass.changed(transaction);
  };

  /** The name in the awareness of the connection an update came from, for the journal. */
  private nameOf(origin: unknown): string | null {
    const peer = this.peerOf(origin);
    if (!peer) return null;
    const states = this.awareness.getStates();
    for (const client of peer.clientIds) {
      const user: unknown = states.get(client)?.user;
      const name = typeof user === 'object' && user !== null ? (user as { name?: unknown }).name : undefined;
      if (typeof name === 'string' && name.trim()) return name.trim().slice(0, 200);
    }
    return null;
  }

  /** An update is committed: now, and only now, it may leave the server, to all but `sender`. */
  private relayStored(update: Uint8Array, seq: number, sender: unknown): void {
    if (this.state !== 'open') return;
    this.lastSeq = seq;
    const message = updateMessage(update);
    for (const peer of this.peers) if (peer !== sender) peer.send(message);
    this.updatesSinceCompaction += 1;
    if (this.updatesSinceCompaction >= this.options.compactEvery) this.compactOrLog('compaction failed; will retry');
    else this.scheduleIdleCompaction();
  }

  private readonly onWriteFailed = (error: unknown): void => {
    if (this.state === 'open') this.fail(error);
  };

  /**
   * Marks who can only view, as the server knows it (by token), so everyone sees it in the
   * presence bar: `access: "view"` in a viewer's awareness state; an editor's never has it.
   */
  private stampAccess(peer: Peer, clients: readonly number[]): void {
    const states = this.awareness.getStates();
    for (const client of clients) {
      const state = states.get(client);
      if (typeof state !== 'object' || state === null) continue;
      if (peer.access === 'view') state.access = 'view';
      else delete state.access;
    }
  }

  /** A rename: the map's record follows, so its title is known without loading the document. */
  private readonly onMetaChange = (event: Y.YMapEvent<unknown>): void => {
    if (this.state !== 'open' || !event.keysChanged.has('title')) return;
    const title = this.doc.getMap('meta').get('title');
    try {
      this.storage.setTitle(this.id, typeof title === 'string' ? title : '');
    } catch (error) {
      // The document holds the title all the same; the record catches up at the next rename.
      this.options.log.warn({ map: this.id, err: error }, 'could not store the new title');
    }
  };

  private readonly onAwarenessUpdate = (
    changes: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const peer = this.peerOf(origin);
    if (peer) {
      for (const client of changes.added) peer.clientIds.add(client);
      for (const client of changes.removed) peer.clientIds.delete(client);
      this.stampAccess(peer, [...changes.added, ...changes.updated]);
    }
    // Sent to the sender too, as the stock server does: the stock client counts its own echoed
    // awareness renewals as proof that the connection is alive.
    this.presence.changed(peer ?? null, [...changes.added, ...changes.updated, ...changes.removed]);
  };

  private compactOrLog(message: string): void {
    try {
      this.compact();
    } catch (error) {
      this.options.log.error({ map: this.id, err: error }, message);
    }
  }

  /** A quiet map is compacted too, so its log does not wait for the 500th update. */
  private scheduleIdleCompaction(): void {
    // Re-armed, not re-created, on every update: no timer allocated per keystroke.
    if (this.idleCompaction !== null) {
      this.idleCompaction.refresh();
      return;
    }
    this.idleCompaction = setTimeout(() => {
      this.idleCompaction = null;
      this.compactOrLog('idle compaction failed; will retry');
    }, this.options.compactIdleMs);
    this.idleCompaction.unref();
  }

  private cancelIdleCompaction(): void {
    if (this.idleCompaction === null) return;
    clearTimeout(this.idleCompaction);
    this.idleCompaction = null;
  }

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
    // Not inside the write callback or Yjs update event that brought us here.
    queueMicrotask(() => this.destroy());
  }

  private destroy(): void {
    this.cancelIdleCompaction();
    this.presence.close();
    this.doc.off('update', this.onUpdate);
    this.doc.getMap('meta').unobserve(this.onMetaChange);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let index = 0; index < a.byteLength; index += 1) if (a[index] !== b[index]) return false;
  return true;
}
