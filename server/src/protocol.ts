import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { ConnectionRefusal } from './close-codes.js';
import { integratedState } from './integrated-state.js';
import type { Access } from './tokens.js';

// The y-websocket wire protocol, as the stock server and WebsocketProvider speak it (SPEC §4).
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const MESSAGE_QUERY_AWARENESS = 3;

/** The parts of a room a connection's messages act on. */
export interface ProtocolRoom {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** Applies an editor's update, or throws ConnectionRefusal if it breaks a limit. */
  receiveUpdate(update: Uint8Array, origin: object): void;
}

/** Why a connection must be closed: its message could not be read. */
export class ProtocolError extends Error {
  constructor(
    /** 1003 for a kind of message we do not speak, 1007 for one we cannot decode. */
    readonly closeCode: 1003 | 1007,
    message: string,
  ) {
    super(message);
  }
}

/** Sync step 1: "here is my state vector, send me what I lack". */
export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** `[sync, update, length, ...update]`, written straight into one array of the right size. */
export function updateMessage(update: Uint8Array): Uint8Array {
  // Built for every relayed edit: an encoder would allocate a buffer and then copy out of it.
  let headerBytes = 3;
  for (let length = update.byteLength; length > 0x7f; length >>>= 7) headerBytes += 1;
  const message = new Uint8Array(headerBytes + update.byteLength);
  message[0] = MESSAGE_SYNC;
  message[1] = syncProtocol.messageYjsUpdate;
  let at = 2;
  let length = update.byteLength;
  while (length > 0x7f) {
    message[at++] = 0x80 | (length & 0x7f);
    length >>>= 7;
  }
  message[at++] = length;
  message.set(update, at);
  return message;
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * Reads one message from a connection and applies it to the room; returns the reply to send,
 * if any. `origin` becomes the Yjs / awareness origin so the room knows whose change it was.
 * Throws ProtocolError when the message is malformed, ConnectionRefusal when it breaks a limit.
 */
export function readMessage(
  room: ProtocolRoom,
  access: Access,
  origin: object,
  message: Uint8Array,
): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  let kind: number;
  try {
    kind = decoding.readVarUint(decoder);
  } catch {
    throw new ProtocolError(1007, 'empty message');
  }
  try {
    switch (kind) {
      case MESSAGE_SYNC:
        return readSyncMessage(decoder, room, access, origin);
      case MESSAGE_AWARENESS:
        // Viewers' awareness is relayed too: they are people who are present.
        awarenessProtocol.applyAwarenessUpdate(room.awareness, decoding.readVarUint8Array(decoder), origin);
        return null;
      case MESSAGE_QUERY_AWARENESS: {
        const clients = Array.from(room.awareness.getStates().keys());
        return awarenessMessage(room.awareness, clients);
      }
      default:
        throw new ProtocolError(1003, `unknown message type ${kind}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError || error instanceof ConnectionRefusal) throw error;
    throw new ProtocolError(1007, `malformed message of type ${kind}: ${describe(error)}`);
  }
}

/**
 * What y-protocols' readSyncMessage does, with two differences: sync step 1 is answered with
 * the integrated state only (integrated-state.ts), to be sent once stored, and updates go through the room,
 * which checks them against the limits. A viewer's step 2 and updates are read past and
 * dropped: never applied, so never stored or relayed.
 */
function readSyncMessage(decoder: decoding.Decoder, room: ProtocolRoom, access: Access, origin: object): Uint8Array | null {
  const kind = decoding.readVarUint(decoder);
  switch (kind) {
    case syncProtocol.messageYjsSyncStep1: {
      const stateVector = decoding.readVarUint8Array(decoder);
      // Holds updates that may not be stored yet: the caller sends it once they are.
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      encoding.writeVarUint(reply, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(reply, integratedState(room.doc, stateVector));
      return encoding.toUint8Array(reply);
    }
    case syncProtocol.messageYjsSyncStep2:
    case syncProtocol.messageYjsUpdate: {
      const update = decoding.readVarUint8Array(decoder);
      if (access === 'edit') room.receiveUpdate(update, origin);
      return null;
    }
    default:
      throw new ProtocolError(1003, `unknown sync message type ${kind}`);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
