import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { ProtocolError, awarenessMessage, readMessage, syncStep1Message } from './protocol.js';
import type { Peer, Room } from './room.js';
import type { Rooms } from './rooms.js';
import type { MapRecord, Storage } from './storage.js';
import { type Access, authorize, isMapId, tokenOf } from './tokens.js';

export interface WebsocketOptions {
  storage: Storage;
  rooms: Rooms;
  log: Logger;
  pingIntervalMs: number;
}

export interface WebsocketEndpoint {
  /** The http server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every connection with `code` and waits (briefly) for them to go. */
  close(code: number, reason: string): Promise<void>;
}

// A Yjs update from a long offline session can be large; anything beyond this is not a map.
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
// A peer that cannot keep up with this much queued output is cut off rather than held in memory.
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;

/** One websocket on one map. */
class Connection implements Peer {
  readonly clientIds = new Set<number>();
  alive = true;

  constructor(
    readonly access: Access,
    readonly socket: WebSocket,
  ) {}

  send(message: Uint8Array): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.socket.terminate();
      return;
    }
    this.socket.send(message, (error) => {
      if (error) this.socket.terminate();
    });
  }

  close(code: number, reason: string): void {
    // RFC 6455 limits a close reason to 123 bytes.
    this.socket.close(code, reason.slice(0, 120));
  }
}

function refuse(socket: Duplex, status: 401 | 404 | 500, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const statusText = { 401: 'Unauthorized', 404: 'Not Found', 500: 'Internal Server Error' }[status];
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function toBytes(data: RawData): Uint8Array {
  // A fresh copy: ws hands out slices of pooled buffers.
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}

/** The `/ws/:id` endpoint: checks the map and token on upgrade, then speaks y-websocket. */
export function createWebsocketEndpoint(options: WebsocketOptions): WebsocketEndpoint {
  const { storage, rooms, log } = options;
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const connections = new Set<Connection>();

  function accept(socket: WebSocket, mapId: string, access: Access): void {
    const connection = new Connection(access, socket);
    let room: Room | undefined;
    try {
      room = rooms.join(mapId, connection);
    } catch (error) {
      log.error({ map: mapId, err: error }, 'could not load map');
      socket.close(1011, 'could not load the map');
      return;
    }
    if (!room) {
      socket.close(4404, 'no such map');
      return;
    }
    const joined = room;
    connections.add(connection);
    log.info({ map: mapId, access, peers: joined.peerCount }, 'connected');

    const keepalive = setInterval(() => {
      if (!connection.alive) {
        log.info({ map: mapId }, 'connection missed a pong; closing');
        socket.terminate();
        return;
      }
      connection.alive = false;
      socket.ping();
    }, options.pingIntervalMs);
    keepalive.unref();

    socket.on('pong', () => {
      connection.alive = true;
    });
    socket.on('error', (error) => log.warn({ map: mapId, err: error }, 'websocket error'));
    socket.on('close', (code) => {
      clearInterval(keepalive);
      connections.delete(connection);
      rooms.leave(joined, connection);
      log.info({ map: mapId, code, peers: joined.peerCount }, 'disconnected');
    });
    socket.on('message', (data, isBinary) => {
      if (!joined.isOpen) return;
      if (!isBinary) {
        log.warn({ map: mapId }, 'text message on a binary protocol; closing that connection');
        connection.close(1003, 'binary y-websocket messages only');
        return;
      }
      try {
        const reply = readMessage(joined, access, connection, toBytes(data));
        if (reply) connection.send(reply);
      } catch (error) {
        if (error instanceof ProtocolError) {
          log.warn({ map: mapId, code: error.closeCode, reason: error.message }, 'malformed message; closing that connection');
          connection.close(error.closeCode, error.message);
        } else {
          log.error({ map: mapId, err: error }, 'message failed; closing that connection');
          connection.close(1011, 'server error');
        }
      }
    });

    // The document is fully loaded: offer it, and show who is already here.
    connection.send(syncStep1Message(joined.doc));
    const present = Array.from(joined.awareness.getStates().keys());
    if (present.length > 0) connection.send(awarenessMessage(joined.awareness, present));
  }

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
      const url = new URL(request.url ?? '/', 'http://localhost');
      const match = /^\/ws\/([^/]+)\/?$/.exec(url.pathname);
      const mapId = match?.[1];
      if (mapId === undefined) {
        refuse(socket, 404, 'not_found', 'Websockets connect to /ws/<map id>?token=<token>.');
        return;
      }
      let record: MapRecord | undefined;
      try {
        record = isMapId(mapId) ? storage.getMap(mapId) : undefined;
      } catch (error) {
        log.error({ err: error }, 'could not look up a map');
        refuse(socket, 500, 'internal', 'The server could not read its storage; try again later.');
        return;
      }
      if (!record) {
        log.info({ path: url.pathname, status: 404 }, 'websocket refused');
        refuse(socket, 404, 'not_found', 'There is no map with this id. Check the link.');
        return;
      }
      const access = authorize(record, tokenOf(request, url));
      if (!access) {
        log.info({ path: url.pathname, status: 401 }, 'websocket refused');
        refuse(socket, 401, 'unauthorized', "Add the map's edit or view token: /ws/<map id>?token=<token>.");
        return;
      }
      server.handleUpgrade(request, socket, head, (websocket) => accept(websocket, mapId, access));
    },

    async close(code, reason) {
      rooms.closeAll(code, reason);
      for (const connection of connections) connection.close(code, reason);
      const deadline = Date.now() + 1000;
      while (connections.size > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const connection of connections) connection.socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
