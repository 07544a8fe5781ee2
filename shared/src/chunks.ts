import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

// A websocket message too large for the server's frame limit (a big map synced after a long
// time offline) would be refused with 1009 and resent on every reconnect, forever. So the
// client splits it into chunk frames, and the receiver puts the message back together before
// it reads it as usual. One implementation here, for the client and the server.

/** The y-websocket message type of a chunk frame; far from the protocol's own 0–3. */
export const MESSAGE_CHUNK = 100;

/** Why a run of chunk frames cannot be put together; the connection should be closed. */
export type ChunkErrorKind = 'malformed' | 'out-of-order' | 'too-large';

export class ChunkError extends Error {
  constructor(
    readonly kind: ChunkErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ChunkError';
  }
}

function positiveInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** Whether a frame is a chunk frame (its first varUint is MESSAGE_CHUNK). */
export function isChunkFrame(frame: Uint8Array): boolean {
  try {
    return decoding.readVarUint(decoding.createDecoder(frame)) === MESSAGE_CHUNK;
  } catch {
    return false;
  }
}

/**
 * Splits a message into chunk frames of at most `chunkBytes` bytes of message each:
 * `[varUint 100][varUint transferId][varUint index][varUint count][varUint8Array part]`,
 * in order, count ≥ 2. A message that fits in one chunk comes back as it is, unwrapped.
 * @example splitMessage(new Uint8Array(5), 2, 7).length // 3 frames, parts of 2, 2 and 1 bytes
 */
export function splitMessage(message: Uint8Array, chunkBytes: number, transferId: number): Uint8Array[] {
  if (!positiveInteger(chunkBytes)) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  if (!Number.isSafeInteger(transferId) || transferId < 0) {
    throw new RangeError(`transferId must be a non-negative integer, got ${transferId}`);
  }
  if (message.length <= chunkBytes) return [message];
  const count = Math.ceil(message.length / chunkBytes);
  const frames: Uint8Array[] = [];
  for (let index = 0; index < count; index++) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_CHUNK);
    encoding.writeVarUint(encoder, transferId);
    encoding.writeVarUint(encoder, index);
    encoding.writeVarUint(encoder, count);
    encoding.writeVarUint8Array(encoder, message.subarray(index * chunkBytes, (index + 1) * chunkBytes));
    frames.push(encoding.toUint8Array(encoder));
  }
  return frames;
}

interface ChunkFrame {
  transferId: number;
  index: number;
  count: number;
  part: Uint8Array;
}

function readChunkFrame(frame: Uint8Array): ChunkFrame {
  const decoder = decoding.createDecoder(frame);
  let chunk: ChunkFrame;
  try {
    if (decoding.readVarUint(decoder) !== MESSAGE_CHUNK) throw new ChunkError('malformed', 'not a chunk frame');
    const transferId = decoding.readVarUint(decoder);
    const index = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    chunk = { transferId, index, count, part: decoding.readVarUint8Array(decoder) };
  } catch (error) {
    if (error instanceof ChunkError) throw error;
    throw new ChunkError('malformed', 'a chunk frame is cut short or garbled');
  }
  if (decoding.hasContent(decoder)) throw new ChunkError('malformed', 'a chunk frame has bytes after its part');
  if (chunk.count < 2) throw new ChunkError('malformed', 'a chunked message has at least two parts');
  if (chunk.part.length === 0) throw new ChunkError('malformed', 'a chunk frame has an empty part');
  return chunk;
}

interface Transfer {
  transferId: number;
  count: number;
  parts: Uint8Array[];
  bytes: number;
}

/**
 * Puts chunked messages back together, one at a time, for one connection. Frames of a message
 * must come in order and without another message's frames in between; anything else throws a
 * ChunkError (and forgets the unfinished message), as does a message over `maxTotalBytes`.
 * @example const whole = assembler.add(frame); if (whole) readMessage(whole);
 */
export class ChunkAssembler {
  private transfer: Transfer | null = null;

  constructor(readonly maxTotalBytes: number) {
    if (!positiveInteger(maxTotalBytes)) {
      throw new RangeError(`maxTotalBytes must be a positive integer, got ${maxTotalBytes}`);
    }
  }

  /** True while a message is part way through. */
  get receiving(): boolean {
    return this.transfer !== null;
  }

  /** Takes the next chunk frame; returns the whole message once its last part is in, else null. */
  add(frame: Uint8Array): Uint8Array | null {
    try {
      return this.accept(readChunkFrame(frame));
    } catch (error) {
      this.transfer = null;
      throw error;
    }
  }

  private accept(chunk: ChunkFrame): Uint8Array | null {
    const transfer = this.transfer ?? this.begin(chunk);
    if (chunk.transferId !== transfer.transferId || chunk.count !== transfer.count) {
      throw new ChunkError('out-of-order', 'a chunk frame of another message came before this one was complete');
    }
    if (chunk.index !== transfer.parts.length) {
      throw new ChunkError('out-of-order', `expected part ${transfer.parts.length}, got part ${chunk.index}`);
    }
    transfer.bytes += chunk.part.length;
    if (transfer.bytes > this.maxTotalBytes) {
      throw new ChunkError('too-large', `a chunked message is larger than ${this.maxTotalBytes} bytes`);
    }
    // A copy: the frame may be a view on a buffer its sender reuses (ws pools them).
    transfer.parts.push(chunk.part.slice());
    if (transfer.parts.length < transfer.count) return null;
    this.transfer = null;
    const whole = new Uint8Array(transfer.bytes);
    let offset = 0;
    for (const part of transfer.parts) {
      whole.set(part, offset);
      offset += part.length;
    }
    return whole;
  }

  private begin(chunk: ChunkFrame): Transfer {
    if (chunk.index !== 0) throw new ChunkError('out-of-order', `a chunked message must start at part 0, got part ${chunk.index}`);
    // Every part holds at least one byte, so more parts than bytes allowed can never fit.
    if (chunk.count > this.maxTotalBytes) {
      throw new ChunkError('too-large', `a chunked message is larger than ${this.maxTotalBytes} bytes`);
    }
    const transfer: Transfer = { transferId: chunk.transferId, count: chunk.count, parts: [], bytes: 0 };
    this.transfer = transfer;
    return transfer;
  }
}
