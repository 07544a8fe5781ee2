import * as Y from 'yjs';
import { pickOne, randomInt } from './random.js';

// A lossy, reordering network between Y.Docs, modelled on yjs tests/testHelper.js TestConnector:
// every local change becomes a message to each other peer; the harness delivers messages in a
// random order, drops some, and later re-syncs peers from state vectors, as a reconnecting
// y-websocket client does.

/** Origin of updates applied by the network, so a peer never re-sends what it received. */
export const FROM_NETWORK = Symbol('from-network');

export interface Peer {
  name: string;
  doc: Y.Doc;
}

interface Message {
  to: Peer;
  update: Uint8Array;
}

export interface NetworkOptions {
  /** Chance that a delivered message is lost instead (0..1). */
  dropRate?: number;
}

export class Network {
  readonly peers: Peer[];
  private readonly inFlight: Message[] = [];
  private readonly dropRate: number;

  constructor(
    names: readonly string[],
    private readonly random: () => number,
    options: NetworkOptions = {},
  ) {
    this.dropRate = options.dropRate ?? 0;
    // Seeded, distinct client ids: Yjs orders concurrent inserts by client id, so a failing
    // seed must get the same ids again to replay the same run.
    const clientIds = new Set<number>();
    while (clientIds.size < names.length) clientIds.add(1 + randomInt(random, 2 ** 30));
    const ids = [...clientIds];
    this.peers = names.map((name, index) => {
      const doc = new Y.Doc();
      doc.clientID = ids[index] ?? index + 1;
      return { name, doc };
    });
    for (const peer of this.peers) {
      peer.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === FROM_NETWORK) return;
        for (const other of this.peers) {
          if (other !== peer) this.inFlight.push({ to: other, update });
        }
      });
    }
  }

  get pendingMessages(): number {
    return this.inFlight.length;
  }

  /** Delivers (or drops) one random in-flight message; false when nothing is in flight. */
  deliverOne(): boolean {
    if (this.inFlight.length === 0) return false;
    const [message] = this.inFlight.splice(randomInt(this.random, this.inFlight.length), 1);
    if (!message) return false;
    if (this.random() < this.dropRate) return true;
    Y.applyUpdate(message.to.doc, message.update, FROM_NETWORK);
    return true;
  }

  /** Delivers up to `count` random messages. */
  deliverSome(count: number): void {
    for (let i = 0; i < count && this.deliverOne(); i += 1);
  }

  /** Two peers reconnect and exchange what the other lacks, from state vectors. */
  resync(a: Peer, b: Peer): void {
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(b.doc)), FROM_NETWORK);
    Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(a.doc)), FROM_NETWORK);
  }

  /** A random pair of peers reconnects. */
  resyncRandomPair(): void {
    const a = pickOne(this.random, this.peers);
    const others = this.peers.filter((peer) => peer !== a);
    this.resync(a, pickOne(this.random, others));
  }

  /** Delivers or drops everything in flight, then every pair re-syncs: the team is back online. */
  settle(): void {
    while (this.deliverOne());
    for (const a of this.peers) for (const b of this.peers) if (a !== b) this.resync(a, b);
  }

  /** True when every peer holds exactly the same updates and none waits on a missing one. */
  isConverged(): boolean {
    const [first, ...rest] = this.peers.map((peer) => peer.doc);
    if (!first) return true;
    const vector = stateOf(first);
    return [first, ...rest].every(
      (doc) =>
        doc.store.pendingStructs === null && doc.store.pendingDs === null && stateOf(doc) === vector,
    );
  }

  destroy(): void {
    for (const peer of this.peers) peer.doc.destroy();
  }
}

// The state vector lists clients in the order a doc met them, so compare it sorted.
function stateOf(doc: Y.Doc): string {
  return [...Y.decodeStateVector(Y.encodeStateVector(doc))]
    .sort(([a], [b]) => a - b)
    .map(([client, clock]) => `${client}:${clock}`)
    .join(',');
}

/** A fully connected pair of docs for simple "two people at once" tests: sync both ways. */
export function syncDocs(...docs: Y.Doc[]): void {
  for (const a of docs) {
    for (const b of docs) {
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    }
  }
}
