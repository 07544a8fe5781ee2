import { splitMessage } from '@causal-map/shared/chunks';

// The stock WebsocketProvider retries after at most 2.5 s, every client on the same schedule,
// so a server that restarts is met by all of its clients at once, again and again. The provider
// is told to retry at once (`maxBackoffTime: 0`) and the socket class below does the waiting,
// with jitter. It also splits messages too large for one frame (see shared/src/chunks.ts).

/** The shortest wait before trying again, and the longest. */
export const FIRST_RETRY_MS = 500;
export const LONGEST_WAIT_MS = 30_000;

/** Messages larger than this go out as chunk frames; the server takes frames up to 8 MiB. */
export const CHUNK_BYTES = 1024 * 1024;

/**
 * How long to wait before connection attempt `attempt` (0 = the first, or the first after a
 * sync): none for attempt 0, else "full jitter" between 0.5 s and min(30 s, 0.5 s × 2^attempt).
 * `random` is in [0, 1).
 * @example reconnectDelay(3, 0.5) // 2250: halfway between 500 and 4000 ms
 */
export function reconnectDelay(attempt: number, random: number): number {
  if (!(attempt > 0)) return 0;
  // Capping the exponent first keeps 2^attempt finite for any attempt count.
  const ceiling = Math.min(LONGEST_WAIT_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 16));
  const share = Math.min(Math.max(random, 0), 1);
  return Math.round(FIRST_RETRY_MS + share * (ceiling - FIRST_RETRY_MS));
}

export interface PatientSocketOptions {
  /** The real socket class; tests pass a fake one. */
  WebSocket?: typeof WebSocket;
  chunkBytes?: number;
  random?: () => number;
}

/** One provider's sockets: the class to hand it, and what the session tells them. */
export interface PatientSockets {
  /** For `new WebsocketProvider(…, { WebSocketPolyfill, maxBackoffTime: 0 })`. */
  readonly WebSocketPolyfill: typeof WebSocket;
  /** The connection synced, or closed for a reason that is no failure: no wait before the next attempt. */
  resetBackoff(): void;
  /** The network is back: stop waiting and try now. */
  retryNow(): void;
  /** The subprotocols of the socket that closed last, read while the provider handles its close. */
  lastClosedProtocols(): readonly string[] | null;
  /** How many connections in a row closed since the last sync. */
  failures(): number;
}

type Listener<E> = ((event: E) => void) | null;
type Outgoing = string | ArrayBufferLike | Blob | ArrayBufferView;

const CONNECTING = 0;
const CLOSED = 3;

/** A close event made here, for a socket that was closed while it waited. */
function closeEvent(code: number, reason: string): CloseEvent {
  const init = { code, reason, wasClean: true };
  if (typeof CloseEvent === 'function') return new CloseEvent('close', init);
  // Node (the unit tests) has Event but no CloseEvent.
  return Object.assign(new Event('close'), init) as CloseEvent;
}

function bytesOf(data: Outgoing): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return null;
}

export function createPatientSockets(options: PatientSocketOptions = {}): PatientSockets {
  const RealSocket = options.WebSocket ?? WebSocket;
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const random = options.random ?? Math.random;
  let failures = 0;
  let lastClosed: readonly string[] | null = null;
  const waiting = new Set<PatientSocket>();

  /**
   * Looks like a WebSocket to the provider, which uses only what is here (y-websocket.js
   * `setupWS`): it waits its turn before opening the real socket, then passes everything on.
   */
  class PatientSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;

    onopen: Listener<Event> = null;
    onmessage: Listener<MessageEvent> = null;
    onerror: Listener<Event> = null;
    onclose: Listener<CloseEvent> = null;
    readonly url: string;
    readonly protocols: readonly string[];
    private socket: WebSocket | null = null;
    private waitingState: typeof CONNECTING | typeof CLOSED = CONNECTING;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private type: BinaryType = 'blob';
    private transfers = 0;

    constructor(url: string | URL, protocols?: string | string[]) {
      this.url = String(url);
      this.protocols = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols];
      const delay = reconnectDelay(failures, random());
      if (delay === 0) {
        this.open();
      } else {
        waiting.add(this);
        this.timer = setTimeout(() => this.open(), delay);
      }
    }

    get readyState(): number {
      return this.socket?.readyState ?? this.waitingState;
    }

    get binaryType(): BinaryType {
      return this.socket?.binaryType ?? this.type;
    }

    set binaryType(type: BinaryType) {
      this.type = type;
      if (this.socket) this.socket.binaryType = type;
    }

    get bufferedAmount(): number {
      return this.socket?.bufferedAmount ?? 0;
    }

    get protocol(): string {
      return this.socket?.protocol ?? '';
    }

    get extensions(): string {
      return this.socket?.extensions ?? '';
    }

    /** Skips the rest of the wait. */
    openNow(): void {
      if (this.timer === undefined) return;
      clearTimeout(this.timer);
      this.open();
    }

    send(data: Outgoing): void {
      if (!this.socket) throw new DOMException('The socket is not open yet.', 'InvalidStateError');
      const bytes = bytesOf(data);
      if (bytes && bytes.byteLength > chunkBytes) {
        for (const frame of splitMessage(bytes, chunkBytes, this.transfers++)) this.socket.send(frame);
      } else {
        this.socket.send(data);
      }
    }

    close(code?: number, reason?: string): void {
      if (this.socket) {
        this.socket.close(code, reason);
        return;
      }
      if (this.waitingState === CLOSED) return;
      clearTimeout(this.timer);
      this.timer = undefined;
      waiting.delete(this);
      this.waitingState = CLOSED;
      // Like a real socket: the close event comes later, never from inside close().
      setTimeout(() => this.onclose?.(closeEvent(code ?? 1000, reason ?? '')), 0);
    }

    private open(): void {
      this.timer = undefined;
      waiting.delete(this);
      const socket = new RealSocket(this.url, [...this.protocols]);
      socket.binaryType = this.type;
      socket.onopen = (event) => this.onopen?.(event);
      socket.onmessage = (event) => this.onmessage?.(event);
      socket.onerror = (event) => this.onerror?.(event);
      socket.onclose = (event) => {
        failures += 1;
        lastClosed = this.protocols;
        this.onclose?.(event);
      };
      this.socket = socket;
    }
  }

  return {
    // The provider touches only the members PatientSocket has; the full DOM type is not needed.
    WebSocketPolyfill: PatientSocket as unknown as typeof WebSocket,
    resetBackoff: () => {
      failures = 0;
    },
    retryNow: () => {
      for (const socket of [...waiting]) socket.openNow();
    },
    lastClosedProtocols: () => lastClosed,
    failures: () => failures,
  };
}
