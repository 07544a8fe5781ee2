/**
 * What a node needs from the other nodes serving the same maps (SPEC §8). One node on SQLite
 * has no others: `singleNode()`. Several nodes share PostgreSQL and talk through Redis
 * (redis-cluster.ts) and take the keeper role through PostgreSQL (pg-keepers.ts).
 */

/** What another node says about a map this node has open. */
export interface ChannelListener {
  /** An update that other node has committed, with its seq in the map's journal. */
  update(seq: number, update: Uint8Array): void;
  /** Presence of the people connected to that node (y-protocols awareness update). */
  awareness(update: Uint8Array): void;
  /** The map's tokens were rotated: connections must be checked again. */
  revoked(): void;
}

/** This node's line to the others about one map. */
export interface MapChannel {
  /** Tells the others about an update this node has committed. */
  publishUpdate(seq: number, update: Uint8Array): void;
  publishAwareness(update: Uint8Array): void;
  /** Stops listening (the map is unloaded here). */
  leave(): void;
}

export interface Cluster {
  /** Whether other nodes may serve the same maps (then rooms catch up from storage). */
  readonly shared: boolean;
  /** Listens to what other nodes say about a map; resolves once listening. */
  join(mapId: string, listener: ChannelListener): Promise<MapChannel>;
  /** Tells the other nodes a map's tokens were rotated (whether or not it is open here). */
  revoked(mapId: string): void;
  /** Why this node cannot relay right now, or null: then updates are refused, not accepted. */
  unavailable(): string | null;
  /** Called after the link to the others was lost and is back: messages may have been missed. */
  onReconnect(listener: () => void): void;
  /** For /healthz: "ok", "down" or "not used". */
  status(): 'ok' | 'down' | 'not used';
  close(): Promise<void>;
}

/** The keeper role (labels and flags, SPEC §5): one node per map at a time. */
export interface Keepers {
  /** Tries to become the map's keeper; true if this node is (or already was) its keeper. */
  acquire(mapId: string): Promise<boolean>;
  /** Gives the role up (the map is unloaded here). */
  release(mapId: string): Promise<void>;
  /** Called when this node lost every role it held at once (its lock connection broke). */
  onLost(listener: () => void): void;
  close(): Promise<void>;
}

const NO_CHANNEL: MapChannel = {
  publishUpdate() {},
  publishAwareness() {},
  leave() {},
};

/** One node alone: nobody to tell, and it keeps every map it opens. */
export function singleNode(): { cluster: Cluster; keepers: Keepers } {
  return {
    cluster: {
      shared: false,
      join: async () => NO_CHANNEL,
      revoked() {},
      unavailable: () => null,
      onReconnect() {},
      status: () => 'not used',
      close: async () => {},
    },
    keepers: {
      acquire: async () => true,
      release: async () => {},
      onLost() {},
      close: async () => {},
    },
  };
}
