import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { AddressCounter, clientAddress } from './client-address.js';
import { CLOSE, type CloseReason, ConnectionRefusal } from './close-codes.js';
import { Connection } from './connection.js';
import { ChunkAssembler, ChunkError, isChunkFrame } from '@causal-map/shared/chunks';
import { ProtocolError, awarenessMessage, readMessage, syncStep1Message } from './protocol.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';
import type { MapRecord, Storage } from './storage.js';
import { type Access, SUBPROTOCOL, accessOfHash, hashToken, isMapId, tokenOf } from './tokens.js';
import { originAllowed, refuseUpgrade } from './upgrade.js';

export interface WebsocketOptions {
  storage: Storage;
  rooms: Rooms;
  log: Logger;
  pingIntervalMs: number;
  maxMessageBytes: number;
  updatesPerSecond: number;
  updateBurst: number;
  connectionsPerIp: number;
  trustedProxy: string | null;
  allowedOrigins: string[] | null;
  /** A chunked message (shared/chunks.ts) may be at most this large once put together. */
  maxMapBytes: number;
  /** Why updates cannot be accepted now (storage or relay down), or null. */
  writeRefusal: () => string | null;
}

export interface WebsocketEndpoint {
  /** The http server's `upgrade` listener. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes the map's connections whose token no longer opens it (after a rotation). */
  revoke(mapId: string): Promise<number>;
  /** Closes every connection with `code` and waits (briefly) for them to go. */
  close(code: number, reason: string): Promise<void>;
}

function toBytes(data: RawData): Uint8Array {
  // A fresh copy: ws hands out slices of pooled buffers.
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data);
}

interface Admitted {
  mapId: string;
  access: Access;
  tokenHash: Buffer;
  address: string;
}

/** The `/ws/:id` endpoint: checks the map and token on upgrade, then speaks y-websocket. */
export function createWebsocketEndpoint(options: WebsocketOptions): WebsocketEndpoint {
  const { storage, rooms, log } = options;
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes,
    // Compressed frames could unpack to far more than maxPayload allows on the wire.
    perMessageDeflate: false,
    // The browser client offers ["causal-map", "token.<token>"]: answer with the first only,
    // so the token is never echoed back. Offered nothing we speak: answer with none.
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  const connections = new Set<Connection>();
  const perAddress = new AddressCounter(options.connectionsPerIp);

  function closeFor(connection: Connection, close: CloseReason): void {
    connection.close(close.code, close.reason);
  }

  function onMessage(connection: Connection, room: Room, data: RawData, isBinary: boolean): void {
    const map = connection.mapId;
    if (!room.isOpen) return;
    if (!isBinary) {
      log.warn({ map }, 'text message on a binary protocol; closing that connection');
      closeFor(connection, CLOSE.textFrame);
      return;
    }
    let message = toBytes(data);
    // Each frame counts against the rate limit, chunk frames included.
    const overLimit = connection.overLimit(message);
    if (overLimit) {
      log.warn({ map, reason: overLimit.reason }, 'connection over its rate limit; closing it');
      closeFor(connection, overLimit);
      return;
    }
    if (isChunkFrame(message)) {
      // A message larger than one frame may arrive in chunks; it is read once it is whole.
      try {
        connection.chunks ??= new ChunkAssembler(options.maxMapBytes);
        const whole = connection.chunks.add(message);
        if (!whole) return;
        message = whole;
      } catch (error) {
        const close = error instanceof ChunkError && error.kind === 'too-large' ? CLOSE.mapTooLarge : CLOSE.badChunk;
        log.warn({ map, reason: error instanceof Error ? error.message : String(error) }, 'bad chunked message; closing that connection');
        closeFor(connection, close);
        return;
      }
    }
    try {
      const reply = readMessage(room, connection.access, connection, message);
      // A reply shows the document: it leaves once what it holds is stored.
      if (reply) {
        room.stored().then(
          () => {
            if (room.isOpen) connection.send(reply);
          },
          () => {},
        );
      }
    } catch (error) {
      if (error instanceof ConnectionRefusal) {
        log.warn({ map, code: error.close.code, reason: error.close.reason }, 'update refused; closing that connection');
        closeFor(connection, error.close);
      } else if (error instanceof ProtocolError) {
        log.warn({ map, code: error.closeCode, reason: error.message }, 'malformed message; closing that connection');
        connection.close(error.closeCode, error.message);
      } else {
        log.error({ map, err: error }, 'message failed; closing that connection');
        closeFor(connection, CLOSE.serverError);
      }
    }
  }

  function accept(socket: WebSocket, admitted: Admitted): void {
    const { mapId, access, address } = admitted;
    const connection = new Connection(socket, {
      ...admitted,
      updatesPerSecond: options.updatesPerSecond,
      updateBurst: options.updateBurst,
    });
    connections.add(connection);
    perAddress.add(address);
    // The map may take a moment to load (from PostgreSQL): what the client sends meanwhile waits
    // here, in order, and is read once the room is there.
    let joined: Room | null = null;
    let closed = false;
    const early: Array<[RawData, boolean]> = [];
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
    // ws closes with 1009 itself when a message is larger than maxPayload.
    socket.on('error', (error) => log.warn({ map: mapId, err: error }, 'websocket error'));
    socket.on('close', (code) => {
      closed = true;
      clearInterval(keepalive);
      connections.delete(connection);
      perAddress.remove(address);
      if (joined) {
        rooms.leave(joined, connection);
        log.info({ map: mapId, code, peers: joined.peerCount }, 'disconnected');
      }
    });
    socket.on('message', (data, isBinary) => {
      if (joined) onMessage(connection, joined, data, isBinary);
      else early.push([data, isBinary]);
    });

    rooms.join(mapId, connection).then(
      (room) => {
        if (!room) {
          closeFor(connection, CLOSE.noSuchMap);
          return;
        }
        if (closed) {
          rooms.leave(room, connection);
          return;
        }
        joined = room;
        log.info({ map: mapId, access, peers: room.peerCount }, 'connected');
        // The document is loaded: offer it, and show who is already here.
        connection.send(syncStep1Message(room.doc));
        const present = Array.from(room.awareness.getStates().keys());
        if (present.length > 0) connection.send(awarenessMessage(room.awareness, present));
        for (const [data, isBinary] of early.splice(0)) onMessage(connection, room, data, isBinary);
      },
      (error: unknown) => {
        log.error({ map: mapId, err: error }, 'could not load map');
        closeFor(connection, CLOSE.couldNotLoad);
      },
    );
  }

  /** Checks an upgrade in order: path, origin, address, map, token (SPEC §4's 404 and 401). */
  async function admit(request: IncomingMessage, socket: Duplex): Promise<Admitted | null> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // The path only, in logs: the query may hold a token.
    const path = url.pathname;
    const refuse = (status: 401 | 403 | 404 | 429 | 500 | 503, code: string, message: string): null => {
      log.info({ path, status, code }, 'websocket refused');
      refuseUpgrade(socket, status, code, message);
      return null;
    };
    const mapId = /^\/ws\/([^/]+)\/?$/.exec(path)?.[1];
    if (mapId === undefined) return refuse(404, 'not_found', 'Websockets connect to /ws/<map id>?token=<token>.');
    if (!originAllowed(request, options.allowedOrigins)) {
      return refuse(403, 'forbidden_origin', 'This page may not open a connection to this server (its origin is not allowed).');
    }
    const address = clientAddress(request, options.trustedProxy);
    if (!perAddress.hasRoom(address)) {
      return refuse(429, 'too_many_connections', 'Too many open connections from this address; close some tabs and try again.');
    }
    const refusal = options.writeRefusal();
    if (refusal !== null) return refuse(503, 'unavailable', `This server cannot store or relay changes just now (${refusal}); try again in a moment.`);
    let record: MapRecord | undefined;
    try {
      record = isMapId(mapId) ? await storage.getMap(mapId) : undefined;
    } catch (error) {
      log.error({ err: error }, 'could not look up a map');
      return refuse(500, 'internal', 'The server could not read its storage; try again later.');
    }
    if (!record) return refuse(404, 'not_found', 'There is no map with this id. Check the link.');
    const token = tokenOf(request, url);
    const tokenHash = token ? hashToken(token) : null;
    const access = tokenHash ? accessOfHash(record, tokenHash) : null;
    if (!tokenHash || !access) {
      return refuse(401, 'unauthorized', "Add the map's edit or view token: /ws/<map id>?token=<token>.");
    }
    return { mapId, access, tokenHash, address };
  }

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
      admit(request, socket).then(
        (admitted) => {
          if (admitted && !socket.destroyed) server.handleUpgrade(request, socket, head, (websocket) => accept(websocket, admitted));
        },
        (error: unknown) => {
          log.error({ err: error }, 'could not check a websocket upgrade');
          socket.destroy();
        },
      );
    },

    async revoke(mapId) {
      const record = await storage.getMap(mapId);
      let closed = 0;
      for (const connection of connections) {
        if (connection.mapId !== mapId) continue;
        if (record && accessOfHash(record, connection.tokenHash) === connection.access) continue;
        closeFor(connection, CLOSE.revoked);
        closed += 1;
      }
      if (closed > 0) log.info({ map: mapId, closed }, 'closed connections of a revoked link');
      return closed;
    },

    async close(code, reason) {
      const roomsClosed = rooms.closeAll(code, reason);
      for (const connection of connections) connection.close(code, reason);
      await roomsClosed;
      const deadline = Date.now() + 1000;
      while (connections.size > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      for (const connection of connections) connection.socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
