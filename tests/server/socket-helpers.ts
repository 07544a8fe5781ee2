import net from 'node:net';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { UpgradeOutcome } from './helpers.js';

// Raw websockets and hand-made y-websocket messages, for tests that must send exactly what a
// misbehaving or a browser client would.

export interface RawSocketOptions {
  protocols?: string[];
  headers?: Record<string, string>;
}

/** Opens a websocket with subprotocols or headers; resolves open or with the refusal status. */
export function openSocketWith(url: string, options: RawSocketOptions = {}): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers ?? {} });
    socket.on('unexpected-response', (request, response) => {
      resolve({ kind: 'refused', status: response.statusCode ?? 0 });
      response.resume();
      request.destroy();
    });
    socket.on('open', () => resolve({ kind: 'open', socket }));
    socket.on('error', reject);
  });
}

export async function mustOpen(url: string, options: RawSocketOptions = {}): Promise<WebSocket> {
  const outcome = await openSocketWith(url, options);
  if (outcome.kind !== 'open') throw new Error(`upgrade refused with ${outcome.status}`);
  return outcome.socket;
}

export interface Closed {
  code: number;
  reason: string;
}

/** Resolves with the close code and reason the server sends. */
export function closeOf(socket: WebSocket, timeoutMs = 5000): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not close the socket')), timeoutMs);
    socket.once('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
}

/** A y-websocket "update" sync message carrying `update`. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The update a change to `doc` makes. */
export function updateOf(doc: Y.Doc, change: () => void): Uint8Array {
  let captured: Uint8Array | null = null;
  const listener = (update: Uint8Array): void => {
    captured = update;
  };
  doc.on('update', listener);
  change();
  doc.off('update', listener);
  if (!captured) throw new Error('the change made no update');
  return captured;
}

/** An awareness message from a made-up client: its state at `clock`. */
export function presenceMessage(clientId: number, clock: number, state: Record<string, unknown> | null): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new Awareness(doc);
  awareness.setLocalState(state);
  const meta = awareness.meta.get(clientId);
  if (meta) meta.clock = clock;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [clientId]));
  awareness.destroy();
  doc.destroy();
  return encoding.toUint8Array(encoder);
}

/** A masked binary websocket frame, as a client sends it. */
export function clientFrame(payload: Uint8Array): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x82, 0x80 | length])
      : Buffer.from([0x82, 0x80 | 126, length >> 8, length & 0xff]);
  const masked = Buffer.from(payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0)));
  return Buffer.concat([header, mask, masked]);
}

/**
 * Writes a websocket upgrade request and `frames` in ONE packet, as a client racing the
 * handshake would; resolves with what the server answers in the first `waitMs`.
 */
export function upgradeWithFrames(baseUrl: string, path: string, frames: Buffer[], waitMs = 500): Promise<string> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('connect', () => {
      const request =
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';
      socket.write(Buffer.concat([Buffer.from(request, 'latin1'), ...frames]));
    });
    setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, waitMs);
  });
}
