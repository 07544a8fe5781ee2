import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelListener, Cluster, MapChannel } from './cluster.js';

// What one node says to the others about a map, on the map's own Redis channel.
const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;
const KIND_REVOKED = 2;

const channelOf = (mapId: string): string => `causal-map:map:${mapId}`;

function encode(kind: number, node: string, write: (encoder: encoding.Encoder) => void = () => {}): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarString(encoder, node);
  write(encoder);
  const bytes = encoding.toUint8Array(encoder);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * The nodes' relay through Redis pub/sub, one channel per map: a node subscribes while it has
 * the map open. Updates carry their journal seq, so a node that missed one (pub/sub keeps
 * nothing for a node that was away) sees the hole and reads it from PostgreSQL (room.ts).
 * Presence goes the same way and is never saved.
 */
export async function connectRedisCluster(url: string, nodeId: string, log: Logger): Promise<Cluster> {
  // Commands fail at once while Redis is away, instead of queueing: the node refuses changes
  // then (unavailable()), and catches up when it is back.
  const publisher = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  const subscriber = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  const listeners = new Map<string, ChannelListener>();
  const reconnected: Array<() => void> = [];
  let wasDown = false;

  for (const [name, client] of [['publisher', publisher], ['subscriber', subscriber]] as const) {
    client.on('error', (error: Error) => log.warn({ err: error, client: name }, 'redis error'));
    client.on('end', () => log.warn({ client: name }, 'redis connection ended'));
  }
  const markDown = (): void => {
    if (!wasDown) log.warn('lost Redis: refusing changes until it is back');
    wasDown = true;
  };
  publisher.on('close', markDown);
  subscriber.on('close', markDown);
  const onReady = (): void => {
    if (!wasDown || publisher.status !== 'ready' || subscriber.status !== 'ready') return;
    wasDown = false;
    log.info('Redis is back');
    // Anything published while this node was away is lost to it: storage has it.
    for (const listener of reconnected) listener();
  };
  publisher.on('ready', onReady);
  subscriber.on('ready', onReady);

  subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
    const mapId = channel.toString().slice(channelOf('').length);
    const listener = listeners.get(mapId);
    if (!listener) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      const kind = decoding.readVarUint(decoder);
      // A node hears its own messages too; it has acted on them already.
      if (decoding.readVarString(decoder) === nodeId) return;
      if (kind === KIND_UPDATE) listener.update(decoding.readVarUint(decoder), decoding.readTailAsUint8Array(decoder));
      else if (kind === KIND_AWARENESS) listener.awareness(decoding.readTailAsUint8Array(decoder));
      else if (kind === KIND_REVOKED) listener.revoked();
    } catch (error) {
      log.warn({ map: mapId, err: error }, 'unreadable message from another node');
    }
  });

  await Promise.all([publisher.connect(), subscriber.connect()]);

  const publish = (mapId: string, message: Buffer): void => {
    if (publisher.status !== 'ready') return;
    // A publish that fails is a message the others miss: they find the hole by seq.
    publisher.publish(channelOf(mapId), message).catch((error: unknown) => log.warn({ map: mapId, err: error }, 'could not publish'));
  };

  return {
    shared: true,
    async join(mapId, listener) {
      if (subscriber.status !== 'ready') throw new Error('Redis is out of reach');
      listeners.set(mapId, listener);
      await subscriber.subscribe(channelOf(mapId));
      return {
        publishUpdate: (seq, update) =>
          publish(mapId, encode(KIND_UPDATE, nodeId, (encoder) => {
            encoding.writeVarUint(encoder, seq);
            encoding.writeUint8Array(encoder, update);
          })),
        publishAwareness: (update) => publish(mapId, encode(KIND_AWARENESS, nodeId, (encoder) => encoding.writeUint8Array(encoder, update))),
        leave() {
          if (listeners.get(mapId) !== listener) return;
          listeners.delete(mapId);
          subscriber.unsubscribe(channelOf(mapId)).catch(() => {});
        },
      } satisfies MapChannel;
    },
    revoked(mapId) {
      publish(mapId, encode(KIND_REVOKED, nodeId));
    },
    unavailable() {
      return publisher.status === 'ready' && subscriber.status === 'ready' ? null : 'Redis is out of reach';
    },
    onReconnect(listener) {
      reconnected.push(listener);
    },
    status() {
      return publisher.status === 'ready' && subscriber.status === 'ready' ? 'ok' : 'down';
    },
    async close() {
      listeners.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
