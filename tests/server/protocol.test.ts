import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { updateMessage } from '../../server/src/protocol.js';

/** The message as y-protocols writes it, which every stock client reads. */
function stockUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

describe('the relayed update message', () => {
  // Lengths on both sides of every varuint byte boundary.
  it.each([0, 1, 127, 128, 300, 16_383, 16_384, 2_097_151, 2_097_152])('is byte for byte what y-protocols writes, for %i bytes', (size) => {
    const update = Uint8Array.from({ length: size }, (_, index) => (index * 31 + 7) % 256);
    expect(updateMessage(update)).toEqual(stockUpdateMessage(update));
  });
});
