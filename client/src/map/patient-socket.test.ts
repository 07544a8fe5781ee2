import { ChunkAssembler, isChunkFrame } from '@causal-map/shared/chunks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { FIRST_RETRY_MS, LONGEST_WAIT_MS, createPatientSockets, reconnectDelay } from './patient-socket';

describe('reconnectDelay', () => {
  it('tries at once the first time', () => {
    expect(reconnectDelay(0, 0)).toBe(0);
    expect(reconnectDelay(0, 0.99)).toBe(0);
  });

  it('waits between 0.5 s and 0.5 s × 2^n after n failures', () => {
    expect(reconnectDelay(1, 0)).toBe(500);
    expect(reconnectDelay(1, 0.999_999)).toBe(1000);
    expect(reconnectDelay(3, 0)).toBe(500);
    expect(reconnectDelay(3, 0.5)).toBe(2250);
    expect(reconnectDelay(3, 0.999_999)).toBe(4000);
  });

  it('never waits longer than 30 s, however many failures', () => {
    expect(reconnectDelay(6, 0.999_999)).toBe(LONGEST_WAIT_MS);
    expect(reconnectDelay(1000, 0.999_999)).toBe(LONGEST_WAIT_MS);
    expect(reconnectDelay(Number.MAX_SAFE_INTEGER, 0.5)).toBe(Math.round((FIRST_RETRY_MS + LONGEST_WAIT_MS) / 2));
  });

  it('spreads clients over the whole window (full jitter), never below the floor', () => {
    for (let attempt = 1; attempt < 12; attempt++) {
      const ceiling = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const delay = reconnectDelay(attempt, i / 50);
        expect(delay).toBeGreaterThanOrEqual(FIRST_RETRY_MS);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

/** A stand-in for the browser's WebSocket: records what is made and sent. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType: BinaryType = 'blob';
  protocol = '';
  extensions = '';
  bufferedAmount = 0;
  sent: unknown[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.made.push(this);
  }

  send(data: unknown): void {
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
  }

  /** The server accepts. */
  accept(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** The connection goes, with a close code. */
  drop(code: number): void {
    this.readyState = 3;
    this.onclose?.(Object.assign(new Event('close'), { code, reason: '', wasClean: false }) as CloseEvent);
  }
}

function sockets(random = 0.5, chunkBytes = 1024) {
  return createPatientSockets({ WebSocket: FakeSocket as unknown as typeof WebSocket, random: () => random, chunkBytes });
}

function last(): FakeSocket {
  const socket = FakeSocket.made.at(-1);
  if (!socket) throw new Error('no socket made');
  return socket;
}

describe('the patient socket', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.made = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens the first socket at once and passes url, subprotocols and events on', () => {
    const { WebSocketPolyfill } = sockets();
    const socket = new WebSocketPolyfill('ws://host/ws/map', ['causal-map', 'token.abc']);
    socket.binaryType = 'arraybuffer';
    const opened = vi.fn();
    socket.onopen = opened;
    expect(FakeSocket.made).toHaveLength(1);
    expect(last().url).toBe('ws://host/ws/map');
    expect(last().protocols).toEqual(['causal-map', 'token.abc']);
    expect(last().binaryType).toBe('arraybuffer');
    expect(socket.readyState).toBe(socket.CONNECTING);
    last().accept();
    expect(opened).toHaveBeenCalledOnce();
    expect(socket.readyState).toBe(socket.OPEN);
  });

  it('waits longer after each failure, and not at all after a sync (a reset)', () => {
    const patient = sockets(0.999_999);
    const waits: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = FakeSocket.made.length;
      new patient.WebSocketPolyfill('ws://host/ws/map');
      let waited = 0;
      while (FakeSocket.made.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      waits.push(waited);
      last().drop(1006);
    }
    expect(waits).toEqual([0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(patient.failures()).toBe(8);

    patient.resetBackoff();
    new patient.WebSocketPolyfill('ws://host/ws/map');
    expect(FakeSocket.made).toHaveLength(9);
  });

  it('counts the drop of a synced connection, so a restarted server is not met by everyone at once', () => {
    const patient = sockets(0);
    new patient.WebSocketPolyfill('ws://host/ws/map');
    last().accept();
    patient.resetBackoff();
    last().drop(1012);
    new patient.WebSocketPolyfill('ws://host/ws/map');
    expect(FakeSocket.made).toHaveLength(1);
    vi.advanceTimersByTime(FIRST_RETRY_MS);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('closing while it waits cancels the attempt and reports the close', () => {
    const patient = sockets();
    new patient.WebSocketPolyfill('ws://host/ws/map');
    last().drop(1006);
    const socket = new patient.WebSocketPolyfill('ws://host/ws/map');
    const closed = vi.fn();
    socket.onclose = closed;
    socket.close();
    expect(closed).not.toHaveBeenCalled();
    expect(socket.readyState).toBe(socket.CLOSED);
    vi.advanceTimersByTime(LONGEST_WAIT_MS);
    expect(closed).toHaveBeenCalledOnce();
    expect(FakeSocket.made).toHaveLength(1);
    expect(() => socket.send(new Uint8Array(1))).toThrow();
  });

  it('stops waiting when told the network is back', () => {
    const patient = sockets(0.999_999);
    new patient.WebSocketPolyfill('ws://host/ws/map');
    last().drop(1006);
    new patient.WebSocketPolyfill('ws://host/ws/map');
    expect(FakeSocket.made).toHaveLength(1);
    patient.retryNow();
    expect(FakeSocket.made).toHaveLength(2);
    vi.advanceTimersByTime(LONGEST_WAIT_MS);
    expect(FakeSocket.made).toHaveLength(2);
  });

  it('remembers which subprotocols the socket that closed had', () => {
    const patient = sockets();
    new patient.WebSocketPolyfill('ws://host/ws/map', ['causal-map', 'token.old']);
    expect(patient.lastClosedProtocols()).toBeNull();
    last().drop(4001);
    expect(patient.lastClosedProtocols()).toEqual(['causal-map', 'token.old']);
  });

  it('sends small messages as they are and splits large ones into chunk frames', () => {
    const { WebSocketPolyfill } = sockets(0.5, 1024);
    const socket = new WebSocketPolyfill('ws://host/ws/map');
    last().accept();
    const small = new Uint8Array(1024).fill(7);
    socket.send(small);
    expect(last().sent).toEqual([small]);

    const large = new Uint8Array(2500).map((_, i) => i & 0xff);
    socket.send(large);
    socket.send(large.buffer);
    const frames = last().sent.slice(1) as Uint8Array[];
    expect(frames).toHaveLength(6);
    expect(frames.every(isChunkFrame)).toBe(true);
    const assembler = new ChunkAssembler(10_000);
    const wholes = frames.map((frame) => assembler.add(frame)).filter((whole) => whole !== null);
    expect(wholes).toEqual([large, large]);
  });
});
