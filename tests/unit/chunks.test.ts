import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkAssembler, ChunkError, MESSAGE_CHUNK, isChunkFrame, splitMessage } from '@causal-map/shared/chunks';

function bytes(length: number, seed = 1): Uint8Array {
  const message = new Uint8Array(length);
  for (let i = 0; i < length; i++) message[i] = (i * 31 + seed) & 0xff;
  return message;
}

/** A chunk frame written by hand, to feed the assembler what a careless sender might. */
function frame(transferId: number, index: number, count: number, part: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_CHUNK);
  encoding.writeVarUint(encoder, transferId);
  encoding.writeVarUint(encoder, index);
  encoding.writeVarUint(encoder, count);
  encoding.writeVarUint8Array(encoder, part);
  return encoding.toUint8Array(encoder);
}

function assemble(assembler: ChunkAssembler, frames: Uint8Array[]): Uint8Array | null {
  let whole: Uint8Array | null = null;
  for (const each of frames) {
    expect(whole).toBeNull();
    whole = assembler.add(each);
  }
  return whole;
}

function errorKind(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ChunkError) return error.kind;
    throw error;
  }
  return 'no error';
}

describe('splitMessage', () => {
  it('writes [100][transferId][index][count][part] frames in order', () => {
    const frames = splitMessage(bytes(5), 2, 7);
    expect(frames).toHaveLength(3);
    const read = frames.map((each) => {
      const decoder = decoding.createDecoder(each);
      return {
        type: decoding.readVarUint(decoder),
        transferId: decoding.readVarUint(decoder),
        index: decoding.readVarUint(decoder),
        count: decoding.readVarUint(decoder),
        part: Array.from(decoding.readVarUint8Array(decoder)),
        rest: decoding.hasContent(decoder),
      };
    });
    const message = Array.from(bytes(5));
    expect(read).toEqual([
      { type: 100, transferId: 7, index: 0, count: 3, part: message.slice(0, 2), rest: false },
      { type: 100, transferId: 7, index: 1, count: 3, part: message.slice(2, 4), rest: false },
      { type: 100, transferId: 7, index: 2, count: 3, part: message.slice(4), rest: false },
    ]);
    expect(frames.every(isChunkFrame)).toBe(true);
  });

  it('leaves a message that fits in one chunk as it is', () => {
    const message = bytes(10);
    expect(splitMessage(message, 10, 0)).toEqual([message]);
    expect(isChunkFrame(message)).toBe(false);
  });

  it('refuses a chunk size or transfer id that makes no sense', () => {
    expect(() => splitMessage(bytes(4), 0, 1)).toThrow(RangeError);
    expect(() => splitMessage(bytes(4), 1.5, 1)).toThrow(RangeError);
    expect(() => splitMessage(bytes(4), 2, -1)).toThrow(RangeError);
  });
});

describe('ChunkAssembler', () => {
  it('puts any message back together, whatever the chunk size', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 2, maxLength: 3000 }),
        fc.integer({ min: 1, max: 700 }),
        fc.nat(),
        (message, chunkBytes, transferId) => {
          fc.pre(message.length > chunkBytes);
          const assembler = new ChunkAssembler(3000);
          const frames = splitMessage(message, chunkBytes, transferId);
          expect(frames.length).toBeGreaterThanOrEqual(2);
          expect(assemble(assembler, frames)).toEqual(message);
          expect(assembler.receiving).toBe(false);
        },
      ),
      { seed: 20240601, numRuns: 200 },
    );
  });

  it('takes one message after another on the same connection', () => {
    const assembler = new ChunkAssembler(1 << 20);
    const first = bytes(100_000, 1);
    const second = bytes(70_000, 2);
    expect(assemble(assembler, splitMessage(first, 16_384, 0))).toEqual(first);
    expect(assemble(assembler, splitMessage(second, 16_384, 1))).toEqual(second);
  });

  it('does not depend on the sender keeping its buffers', () => {
    const assembler = new ChunkAssembler(100);
    const frames = splitMessage(bytes(10), 4, 3);
    const [first, ...rest] = frames;
    if (!first) throw new Error('no frames');
    expect(assembler.add(first)).toBeNull();
    first.fill(0);
    expect(assemble(assembler, rest)).toEqual(bytes(10));
  });

  it('refuses parts out of order, missing or repeated', () => {
    const frames = splitMessage(bytes(9), 3, 5);
    const [a, b, c] = frames as [Uint8Array, Uint8Array, Uint8Array];
    expect(errorKind(() => new ChunkAssembler(100).add(b))).toBe('out-of-order');
    const skipping = new ChunkAssembler(100);
    skipping.add(a);
    expect(errorKind(() => skipping.add(c))).toBe('out-of-order');
    const repeating = new ChunkAssembler(100);
    repeating.add(a);
    expect(errorKind(() => repeating.add(a))).toBe('out-of-order');
  });

  it('refuses another message starting before the last one is complete', () => {
    const assembler = new ChunkAssembler(100);
    assembler.add(frame(1, 0, 3, bytes(2)));
    expect(errorKind(() => assembler.add(frame(2, 0, 3, bytes(2))))).toBe('out-of-order');
    // …and a part that changes the count on the way.
    assembler.add(frame(1, 0, 3, bytes(2)));
    expect(errorKind(() => assembler.add(frame(1, 1, 4, bytes(2))))).toBe('out-of-order');
  });

  it('forgets an unfinished message after an error, so the next one starts clean', () => {
    const assembler = new ChunkAssembler(100);
    assembler.add(frame(1, 0, 3, bytes(2)));
    expect(() => assembler.add(frame(1, 2, 3, bytes(2)))).toThrow(ChunkError);
    expect(assembler.receiving).toBe(false);
    expect(assemble(assembler, splitMessage(bytes(6), 3, 2))).toEqual(bytes(6));
  });

  it('refuses garbage', () => {
    const assembler = new ChunkAssembler(100);
    const whole = frame(1, 0, 2, bytes(4));
    expect(errorKind(() => assembler.add(new Uint8Array()))).toBe('malformed');
    expect(errorKind(() => assembler.add(new Uint8Array([0, 0, 1, 2])))).toBe('malformed');
    expect(errorKind(() => assembler.add(whole.subarray(0, whole.length - 1)))).toBe('malformed');
    expect(errorKind(() => assembler.add(new Uint8Array([...whole, 9])))).toBe('malformed');
    expect(errorKind(() => assembler.add(frame(1, 0, 1, bytes(4))))).toBe('malformed');
    expect(errorKind(() => assembler.add(frame(1, 0, 2, new Uint8Array())))).toBe('malformed');
    // A length that runs past the end of the frame, even when the buffer behind it goes on.
    const buffer = new Uint8Array(64);
    buffer.set([MESSAGE_CHUNK, 1, 0, 2, 40, 1, 2, 3]);
    expect(errorKind(() => assembler.add(buffer.subarray(0, 8)))).toBe('malformed');
  });

  it('enforces the largest message it will hold', () => {
    const assembler = new ChunkAssembler(10);
    expect(assemble(assembler, splitMessage(bytes(10), 4, 1))).toEqual(bytes(10));
    const tooBig = splitMessage(bytes(11), 4, 2);
    expect(assembler.add(tooBig[0] as Uint8Array)).toBeNull();
    expect(assembler.add(tooBig[1] as Uint8Array)).toBeNull();
    expect(errorKind(() => assembler.add(tooBig[2] as Uint8Array))).toBe('too-large');
    // A count that could never fit is refused at its first part, before anything is kept.
    expect(errorKind(() => assembler.add(frame(3, 0, 11, bytes(1))))).toBe('too-large');
    expect(() => new ChunkAssembler(0)).toThrow(RangeError);
  });
});
