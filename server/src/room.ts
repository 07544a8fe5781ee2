import type { Logger } from 'pino';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MAX_COMMENT_LENGTH } from '@causal-map/shared/comments';
import { AwarenessRelay } from './awareness-relay.js';
import { CLOSE, ConnectionRefusal } from './close-codes.js';
import type { ChannelListener, Cluster, Keepers, MapChannel } from './cluster.js';
import { Compaction } from './compaction.js';
import { type LoadedDoc, loadDoc } from './load-doc.js';
import { KeeperRole } from './keeper-role.js';
import { type LoopsAnswer, SERVER_ORIGIN } from './loop-pass.js';
import type { LoopRunner } from './loop-pool.js';
import { awarenessMessage, updateMessage } from './protocol.js';
import { JournalFollower } from './journal-follower.js';
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
  /** The other nodes serving maps (none on one node). */
  cluster: Cluster;
  keepers: Keepers;
  /** Why updates cannot be accepted now (storage or relay down), or null. */
  writeRefusal: () => string | null;
  /** Called once when storage failed and the room closed itself. */
  onFailed: (room: Room) => void;
  /** Another node rotated this map's tokens. */
  onRevoked: (mapId: string) => void;
}

type RoomState = 'open' | 'closing' | 'closed' | 'failed';

/** The origin of updates another node committed (they are stored already: not written again). */
export const REMOTE_ORIGIN = Symbol('another node');

/**
 * One open map: its document (fully loaded before anyone syncs), who is present (awareness)
 * and its connections. Every change is written to storage before it is relayed (SPEC §4).
 */
export class Room {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly peers = new Set<Peer>();
  /** Labels and flags (SPEC §5), kept by one node per map (§8), which also compacts it. */
  private readonly keeper: KeeperRole;
  private readonly presence: AwarenessRelay<Peer>;
  /** The same presence, for the other nodes (several nodes only). */
  private readonly published: AwarenessRelay<Peer> | null;
  private state: RoomState = 'open';
  /** Which journal entries the document holds; reads missed ones from storage. */
  private readonly follower: JournalFollower;
  private readonly compaction: Compaction;
  /** The bytes of the editor's update being applied right now, if any. */
  private applying: Uint8Array | null = null;

  /**
   * Loads a map and starts listening to the other nodes about it: listening first, so nothing
   * they commit while the map loads is missed. Undefined for an unknown map.
   */
  static async open(id: string, storage: Storage, options: RoomOptions): Promise<Room | undefined> {
    let room: Room | null = null;
    const early: Array<(room: Room) => void> = [];
    const later = (act: (room: Room) => void): void => {
      if (room) act(room);
      else early.push(act);
    };
    const listener: ChannelListener = {
      update: (seq, update) => later((open) => open.follower.received(seq, update)),
      awareness: (update) => later((open) => open.remoteAwareness(update)),
      revoked: () => options.onRevoked(id),
    };
    const channel = await options.cluster.join(id, listener);
    let loaded: LoadedDoc | undefined;
    try {
      loaded = await loadDoc(storage, id);
    } catch (error) {
      channel.leave();
      throw error;
    }
    if (!loaded) {
      channel.leave();
      return undefined;
    }
    room = new Room(id, storage, options, loaded, channel);
    for (const act of early) act(room);
    void room.tryToKeep();
    return room;
  }

  private constructor(
    readonly id: string,
    private readonly storage: Storage,
    private readonly options: RoomOptions,
    loaded: LoadedDoc,
    private readonly channel: MapChannel,
  ) {
    this.doc = loaded.doc;
    this.follower = new JournalFollower({
      mapId: id,
      storage,
      log: options.log,
      loadedUpTo: loaded.lastSeq,
      apply: (update) => this.applyRemote(update),
    });
    this.keeper = new KeeperRole({
      mapId: id,
      doc: this.doc,
      keepers: options.keepers,
      loopPool: options.loopPool,
      maxLoops: options.maxLoops,
      log: options.log,
      catchUp: () => (options.cluster.shared ? this.follower.catchUp() : Promise.resolve()),
      isOpen: () => this.state === 'open',
      started: () => this.compaction.started(),
    });
    this.compaction = new Compaction({
      mapId: id,
      doc: this.doc,
      storage,
      writes: options.writes,
      log: options.log,
      compactEvery: options.compactEvery,
      compactIdleMs: options.compactIdleMs,
      isKeeper: () => this.keeper.isKeeper,
      isGone: () => this.state === 'failed' || this.state === 'closed',
      upTo: () => this.follower.upTo,
      pending: loaded.pending,
      storedBytes: loaded.storedBytes,
    });
    this.awareness = new Awareness(this.doc);
    // The server is not a person on the map.
    this.awareness.setLocalState(null);
    this.presence = new AwarenessRelay<Peer>(this.awareness, options.awarenessPerSecond, (clients) => {
      const message = awarenessMessage(this.awareness, clients);
      for (const peer of this.peers) peer.send(message);
    });
    // People on this node are shown on the others, merged at the same pace (and never saved).
    this.published = options.cluster.shared
      ? new AwarenessRelay<Peer>(this.awareness, options.awarenessPerSecond, (clients) =>
          channel.publishAwareness(encodeAwarenessUpdate(this.awareness, clients)),
        )
      : null;
    // Attached after loading, so loading does not write the stored updates a second time.
    this.doc.on('update', this.onUpdate);
    this.doc.getMap('meta').observe(this.onMetaChange);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /** True while this node keeps the map's labels and flags. */
  get isKeeper(): boolean {
    return this.keeper.isKeeper;
  }

  /** Takes the keeper role if no other node has it. */
  tryToKeep(): Promise<void> {
    return this.keeper.tryToKeep();
  }

  /** This node lost the keeper role without asking (its lock connection broke). */
  lostKeeping(): void {
    this.keeper.lost();
  }

  /** Storage holds the map up to `lastSeq`: reads what this node has not seen (a missed message). */
  checkSeq(lastSeq: number): void {
    if (this.state === 'open') this.follower.check(lastSeq);
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
    this.published?.forget(peer);
    if (peer.clientIds.size > 0 && this.state === 'open') {
      removeAwarenessStates(this.awareness, Array.from(peer.clientIds), null);
    }
  }

  /**
   * Resolves once every update the document holds now is stored. Whatever is worked out of the
   * document (a sync reply, an HTTP answer) is shown only after this, so no one sees a change
   * that is not stored yet.
   */
  stored(): Promise<void> {
    return this.options.writes.stored();
  }

  /** The map's loops, named by the server's labels, once the latest change is analysed. */
  async loops(): Promise<LoopsAnswer> {
    const answer = await this.keeper.loops();
    // An answer is shown to the outside too: it must not rest on an update not yet stored.
    await this.stored();
    return answer;
  }

  /**
   * Applies an editor's update (origin: its connection), unless it would take the map past its
   * size or carries an over-long plain value: then it throws ConnectionRefusal and the map is
   * untouched. Texts written past the limit are cut in the same transaction (text-limit.ts).
   */
  receiveUpdate(update: Uint8Array, origin: object): void {
    if (this.state !== 'open') return;
    const refusal = this.options.writeRefusal();
    if (refusal !== null) throw new ConnectionRefusal({ code: CLOSE.unavailable.code, reason: refusal });
    const { maxMapBytes, maxText } = this.options;
    const small = tooSmallToBeLong(update, Math.min(maxText, MAX_COMMENT_LENGTH));
    if (!small && longValueIn(update, maxText, MAX_COMMENT_LENGTH) !== null) throw new ConnectionRefusal(CLOSE.textTooLong);
    // Structs held back for a missing earlier update may come in with this one, whatever its size.
    const onlyGrown = small && this.doc.store.pendingStructs === null;
    // The update's own size stands for what it adds: it is what storage will hold, or more.
    if (this.compaction.wouldExceed(update.byteLength, maxMapBytes)) throw new ConnectionRefusal(CLOSE.mapTooLarge);
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

  /** Folds the update log into one snapshot (see Compaction). */
  compact(): Promise<void> {
    return this.compaction.compact();
  }

  /** Closes every connection with `code`, stores and compacts what is left, and frees the document. */
  async close(code: number, reason: string): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'closing';
    // Before anything else: no loop pass may write to a closing map.
    this.keeper.stop();
    for (const peer of Array.from(this.peers)) peer.close(code, reason);
    this.peers.clear();
    await this.stored();
    // The updates are still in storage if this fails; the next load replays them.
    await this.compaction.compactOrLog('compaction on close failed');
    await this.keeper.release();
    if (this.state === 'closing') {
      this.state = 'closed';
      this.destroy();
    }
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (this.state !== 'open') return;
    // Counted now, so the size check of the next update in this turn sees this one.
    this.compaction.grew(update.byteLength);
    if (origin === REMOTE_ORIGIN) {
      // Stored by another node, and relayed as it came (applyRemote).
      this.keeper.changed(transaction);
      return;
    }
    // What Yjs passes on is, byte for byte, what the sender sent: the sender has it already. If
    // it is anything more (a text cut to the limit, earlier structs this update completed), the
    // sender gets it back like everyone else.
    const sender = this.applying !== null && sameBytes(update, this.applying) ? origin : null;
    const meta = { receivedAt: Date.now(), by: this.nameOf(origin) };
    this.options.writes.append(this.id, update, meta, (seq) => this.relayStored(update, seq, sender), this.onWriteFailed);
    if (origin !== SERVER_ORIGIN) this.keeper.changed(transaction);
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
    const fresh = this.follower.committed(seq);
    // The other nodes hear of it even if this room is closing: their people are still there.
    this.channel.publishUpdate(seq, update);
    // Not fresh: a catch-up read it back from storage first and relayed it then.
    if (this.state !== 'open' || !fresh) return;
    const message = updateMessage(update);
    for (const peer of this.peers) if (peer !== sender) peer.send(message);
    this.compaction.counted();
  }

  /** An update another node committed (through Redis, or read back from storage). */
  private applyRemote(update: Uint8Array): void {
    if (this.state !== 'open') return;
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
    } catch (error) {
      this.options.log.error({ map: this.id, err: error }, 'could not apply an update from another node');
    }
    const message = updateMessage(update);
    for (const peer of this.peers) peer.send(message);
    this.compaction.counted();
  }

  private remoteAwareness(update: Uint8Array): void {
    if (this.state !== 'open') return;
    try {
      applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
    } catch (error) {
      this.options.log.warn({ map: this.id, err: error }, 'bad presence from another node');
    }
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
    this.storage.setTitle(this.id, typeof title === 'string' ? title : '').catch((error: unknown) => {
      // The document holds the title all the same; the record catches up at the next rename.
      this.options.log.warn({ map: this.id, err: error }, 'could not store the new title');
    });
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
    const clients = [...changes.added, ...changes.updated, ...changes.removed];
    // Sent to the sender too, as the stock server does: the stock client counts its own echoed
    // awareness renewals as proof that the connection is alive.
    this.presence.changed(peer ?? null, clients);
    if (origin !== REMOTE_ORIGIN && this.state === 'open') this.published?.changed(peer ?? null, clients);
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
    void this.keeper.release();
    for (const peer of Array.from(this.peers)) peer.close(CLOSE.storageFailed.code, CLOSE.storageFailed.reason);
    this.peers.clear();
    this.options.onFailed(this);
    // Not inside the write callback or Yjs update event that brought us here.
    queueMicrotask(() => this.destroy());
  }

  private destroy(): void {
    this.compaction.close();
    this.follower.close();
    this.channel.leave();
    this.presence.close();
    this.published?.close();
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
