import type { ChunkAssembler } from '@causal-map/shared/chunks';
import { WebSocket } from 'ws';
import { CLOSE, type CloseReason } from './close-codes.js';
import type { Peer } from './room.js';
import { TokenBucket } from './token-bucket.js';
import type { Access } from './tokens.js';

// A peer that cannot keep up with this much queued output is cut off rather than held in memory.
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
// The first byte of a y-websocket message is its type (a varuint below 128).
const MESSAGE_AWARENESS = 1;

export interface ConnectionOptions {
  mapId: string;
  access: Access;
  /** The hash of the token it opened with (never the token), to tell if a rotation revoked it. */
  tokenHash: Buffer;
  /** Where it comes from, for the per-address limit. */
  address: string;
  updatesPerSecond: number;
  updateBurst: number;
}

/** One websocket on one map, with its own rate limits. */
export class Connection implements Peer {
  readonly clientIds = new Set<number>();
  readonly mapId: string;
  readonly access: Access;
  readonly tokenHash: Buffer;
  readonly address: string;
  alive = true;
  /** Puts chunked messages back together; made on the first chunk frame. */
  chunks: ChunkAssembler | undefined;
  private readonly updates: TokenBucket;
  // Presence has its own bucket: the relay merges what comes faster than it relays, but a
  // flood far beyond any cursor's pace is abuse all the same.
  private readonly presence: TokenBucket;

  constructor(
    readonly socket: WebSocket,
    options: ConnectionOptions,
  ) {
    this.mapId = options.mapId;
    this.access = options.access;
    this.tokenHash = options.tokenHash;
    this.address = options.address;
    this.updates = new TokenBucket(options.updatesPerSecond, options.updateBurst);
    this.presence = new TokenBucket(options.updatesPerSecond, options.updateBurst);
  }

  /** Counts an incoming message against its bucket; the reason to close if it is one too many. */
  overLimit(message: Uint8Array): CloseReason | null {
    if (message[0] === MESSAGE_AWARENESS) return this.presence.take() ? null : CLOSE.tooManyPresenceUpdates;
    return this.updates.take() ? null : CLOSE.tooManyUpdates;
  }

  send(message: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.terminate();
      return;
    }
    // No callback: a write that fails makes ws destroy the socket and emit 'close' anyway, and
    // a callback per message and peer is a closure and a nextTick on every relayed edit.
    this.socket.send(message);
  }

  close(code: number, reason: string): void {
    // RFC 6455 limits a close reason to 123 bytes.
    this.socket.close(code, reason.slice(0, 120));
  }
}
