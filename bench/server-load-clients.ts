// The load: stock y-websocket clients (the same provider the app uses), all in this process.
// Each edit carries the sender's performance.now(), so relay latency is measured on one clock.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RoomTarget } from './server-load-servers.ts';

/** What an editor writes under its own key of the `bench` map: a small update each time. */
interface Edit {
  seq: number;
  sentAt: number;
}

/** Where receipts are counted: set while a load runs, so other phases count nothing. */
interface Tally {
  onReceipt(edit: Edit, receivedAt: number, writerKey: string, reader: Editor): void;
}

export interface Editor {
  doc: Y.Doc;
  provider: WebsocketProvider;
  bench: Y.Map<Edit>;
  /** How often this client's websocket closed. */
  closes: number;
  /** Which server node it is connected to, when there are several (see `crossLatencies`). */
  node?: number;
}

export type Room = Editor[];

let tally: Tally | null = null;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Every WebsocketProvider adds a process 'exit' listener; thousands of them are expected here.
process.setMaxListeners(0);

const LAG_RESOLUTION_MS = 10;

function connectEditor(serverUrl: string, target: RoomTarget): Editor {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(serverUrl, target.name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: target.params,
    // In Node a BroadcastChannel would let the clients sync past the server.
    disableBc: true,
  });
  const bench = doc.getMap<Edit>('bench');
  const editor: Editor = { doc, provider, bench, closes: 0 };
  provider.on('connection-close', () => {
    editor.closes += 1;
  });
  bench.observe((event) => {
    if (event.transaction.local || tally === null) return;
    const receivedAt = performance.now();
    for (const key of event.keysChanged) {
      const edit = bench.get(key);
      if (edit) tally.onReceipt(edit, receivedAt, key, editor);
    }
  });
  return editor;
}

function whenSynced(editor: Editor, timeoutMs: number): Promise<void> {
  if (editor.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      editor.provider.off('sync', onSync);
      reject(new Error(`a client did not sync within ${timeoutMs} ms`));
    }, timeoutMs);
    const onSync = (synced: boolean): void => {
      if (!synced) return;
      clearTimeout(timer);
      editor.provider.off('sync', onSync);
      resolve();
    };
    editor.provider.on('sync', onSync);
  });
}

/**
 * Connects `perRoom` clients to every room, `batch` at a time, each batch synced before the next
 * opens (a burst of thousands of handshakes would measure the accept backlog, not the relay).
 */
export async function connectRooms(
  serverUrl: string,
  targets: RoomTarget[],
  perRoom: number,
  { batch = 100, timeoutMs = 20_000 } = {},
): Promise<Room[]> {
  const rooms: Room[] = targets.map(() => []);
  const pending: Array<{ room: Room; target: RoomTarget }> = [];
  for (let copy = 0; copy < perRoom; copy += 1) {
    targets.forEach((target, index) => pending.push({ room: rooms[index] ?? [], target }));
  }
  try {
    for (let start = 0; start < pending.length; start += batch) {
      const opened = pending.slice(start, start + batch).map(({ room, target }) => {
        const editor = connectEditor(serverUrl, target);
        room.push(editor);
        return editor;
      });
      await Promise.all(opened.map((editor) => whenSynced(editor, timeoutMs)));
    }
  } catch (error) {
    // No client is left behind reconnecting to a server that failed.
    disconnectRooms(rooms);
    throw error;
  }
  return rooms;
}

export function disconnectRooms(rooms: Room[]): void {
  for (const editor of rooms.flat()) {
    editor.provider.destroy();
    editor.doc.destroy();
  }
}

/**
 * Gives each room a random number (below `upTo`) of earlier edits, spread over its editors, and
 * waits until every client has them. A server that folds its log every N updates then does so
 * at spread-out moments during the load, as it would in steady state, instead of in every room
 * at the same instant.
 */
export async function prefill(rooms: Room[], upTo: number, timeoutMs = 30_000): Promise<number> {
  const finalSeqs = new Map<Editor, number>();
  let total = 0;
  for (const room of rooms) {
    const edits = Math.floor(Math.random() * upTo);
    total += edits;
    room.forEach((editor, index) => {
      const own = Math.floor(edits / room.length) + (index < edits % room.length ? 1 : 0);
      for (let seq = 1; seq <= own; seq += 1) editor.bench.set(`prefill-${editor.doc.clientID}`, { seq, sentAt: 0 });
      finalSeqs.set(editor, own);
    });
  }
  const received = (room: Room) =>
    room.every((reader) =>
      room.every((writer) => (finalSeqs.get(writer) ?? 0) === 0 || reader.bench.get(`prefill-${writer.doc.clientID}`)?.seq === finalSeqs.get(writer)),
    );
  const deadline = performance.now() + timeoutMs;
  while (!rooms.every(received)) {
    if (performance.now() > deadline) throw new Error(`the earlier edits did not reach every client within ${timeoutMs} ms`);
    await sleep(50);
  }
  return total;
}

export interface LoadOptions {
  /** Edits per second per editor. */
  rate: number;
  warmupMs: number;
  measureMs: number;
  /** How long to wait after the last edit for late receipts. */
  drainMs: number;
  /** The server's CPU seconds so far, to measure its share of a core in the window. */
  serverCpuSeconds: () => number;
  /** More CPU-seconds counters (PostgreSQL, Redis, the whole machine), read like the server's. */
  meters?: Record<string, () => number>;
}

export interface LoadResult {
  editors: number;
  measureSeconds: number;
  /** Edits sent in the measured window. */
  sent: number;
  /** Receipts (one edit reaching one other client) that arrived inside the window. */
  receiptsInWindow: number;
  /** Of the edits sent in the window, how many receipts arrived by the end of the drain. */
  deliveredOfWindow: number;
  /** sent × (editors per room − 1): the receipts a lossless relay produces. */
  expectedOfWindow: number;
  /** Relay latencies (ms) of the edits sent in the window, sorted. */
  latencies: Float64Array;
  /** The part of `latencies` from one server node to another (editors tagged with `node`). */
  crossLatencies: Float64Array;
  /** Each of `meters`' use in the window, as a share of one core. */
  meterCpu: Record<string, number>;
  /** The server's CPU use in the window, as a share of one core (all its threads). */
  serverCpu: number;
  /** This process's CPU use in the window, as a share of one core. */
  generatorCpu: number;
  /** This process's event-loop delay p99 in the window (ms): how late it may see a receipt. */
  generatorLagP99Ms: number;
  closes: number;
}

/** Every editor edits `rate` times a second (each on its own phase) through warm-up and window. */
export async function runSteadyLoad(rooms: Room[], options: LoadOptions): Promise<LoadResult> {
  const editors = rooms.flat();
  const others = (rooms[0]?.length ?? 1) - 1;
  const periodMs = 1000 / options.rate;
  const started = performance.now();
  const windowStart = started + options.warmupMs;
  const windowEnd = windowStart + options.measureMs;
  const latencies: number[] = [];
  const crossLatencies: number[] = [];
  let sent = 0;
  let receiptsInWindow = 0;
  const key = (editor: Editor) => String(editor.doc.clientID);
  const nodeOf = new Map(editors.map((editor) => [key(editor), editor.node]));
  tally = {
    onReceipt(edit, receivedAt, writerKey, reader) {
      if (receivedAt >= windowStart && receivedAt < windowEnd) receiptsInWindow += 1;
      if (edit.sentAt < windowStart || edit.sentAt >= windowEnd) return;
      latencies.push(receivedAt - edit.sentAt);
      const from = nodeOf.get(writerKey);
      if (from !== undefined && reader.node !== undefined && from !== reader.node) crossLatencies.push(receivedAt - edit.sentAt);
    },
  };

  const timers: NodeJS.Timeout[] = [];
  const edit = (editor: Editor, seq: number): void => {
    const sentAt = performance.now();
    if (sentAt >= windowEnd) return;
    if (sentAt >= windowStart) sent += 1;
    editor.bench.set(key(editor), { seq, sentAt });
  };
  for (const editor of editors) {
    let seq = 0;
    // A random phase: editors spread over the period instead of all editing in one tick.
    const first = setTimeout(() => {
      edit(editor, (seq += 1));
      timers.push(setInterval(() => edit(editor, (seq += 1)), periodMs));
    }, Math.random() * periodMs);
    timers.push(first);
  }

  await sleep(options.warmupMs);
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  const cpuBefore = process.cpuUsage();
  const serverCpuBefore = options.serverCpuSeconds();
  const meters = Object.entries(options.meters ?? {});
  const metersBefore = meters.map(([, read]) => read());
  await sleep(options.measureMs);
  const cpu = process.cpuUsage(cpuBefore);
  const serverCpu = (options.serverCpuSeconds() - serverCpuBefore) / (options.measureMs / 1000);
  const meterCpu = Object.fromEntries(meters.map(([name, read], i) => [name, (read() - (metersBefore[i] ?? 0)) / (options.measureMs / 1000)]));
  lag.disable();
  for (const timer of timers) clearTimeout(timer);

  const expectedOfWindow = sent * others;
  const drainUntil = performance.now() + options.drainMs;
  while (latencies.length < expectedOfWindow && performance.now() < drainUntil) await sleep(20);
  tally = null;

  return {
    editors: editors.length,
    measureSeconds: options.measureMs / 1000,
    sent,
    receiptsInWindow,
    deliveredOfWindow: latencies.length,
    expectedOfWindow,
    latencies: Float64Array.from(latencies).sort(),
    crossLatencies: Float64Array.from(crossLatencies).sort(),
    meterCpu,
    serverCpu,
    generatorCpu: (cpu.user + cpu.system) / 1000 / options.measureMs,
    // The histogram holds whole timer intervals: the resolution itself is not delay.
    generatorLagP99Ms: Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
    closes: editors.reduce((sum, editor) => sum + editor.closes, 0),
  };
}

export interface HoldResult {
  /** The fewest clients connected and synced at any check during the hold. */
  minHeld: number;
  closes: number;
  /** Rooms in which one edit reached every other client after the hold. */
  roomsRelayed: number;
}

/** Holds every connection for `holdMs`, checking each second, then sends one edit per room. */
export async function holdConnections(rooms: Room[], holdMs: number, relayTimeoutMs = 5000): Promise<HoldResult> {
  const editors = rooms.flat();
  const connected = () => editors.filter((editor) => editor.provider.wsconnected && editor.provider.synced).length;
  let minHeld = connected();
  const until = performance.now() + holdMs;
  while (performance.now() < until) {
    await sleep(Math.min(1000, Math.max(0, until - performance.now())));
    minHeld = Math.min(minHeld, connected());
  }

  // The same relay check in every room: the first client edits, the others must see it.
  const sentAt = performance.now();
  for (const room of rooms) room[0]?.bench.set('hold-check', { seq: 1, sentAt });
  const seen = (room: Room) => room.slice(1).every((editor) => editor.bench.get('hold-check')?.sentAt === sentAt);
  const deadline = performance.now() + relayTimeoutMs;
  while (!rooms.every(seen) && performance.now() < deadline) await sleep(50);

  return {
    minHeld,
    closes: editors.reduce((sum, editor) => sum + editor.closes, 0),
    roomsRelayed: rooms.filter(seen).length,
  };
}

/**
 * Updates some client lacks once the relay has settled (up to `timeoutMs`): for every pair of
 * editors in a room, how many of the writer's updates (its Yjs clock; each edit adds one) the
 * reader has not integrated. Yjs holds back an update whose predecessors are missing, so a lost
 * update also counts every later one of the same writer until the hole is filled.
 */
export async function missingUpdates(rooms: Room[], timeoutMs: number): Promise<number> {
  const count = (): number => {
    let missing = 0;
    for (const room of rooms) {
      const states = room.map((editor) => Y.decodeStateVector(Y.encodeStateVector(editor.doc)));
      room.forEach((writer) => {
        const own = states[room.indexOf(writer)]?.get(writer.doc.clientID) ?? 0;
        for (const state of states) missing += Math.max(0, own - (state.get(writer.doc.clientID) ?? 0));
      });
    }
    return missing;
  };
  const deadline = performance.now() + timeoutMs;
  let missing = count();
  while (missing > 0 && performance.now() < deadline) {
    await sleep(100);
    missing = count();
  }
  return missing;
}
