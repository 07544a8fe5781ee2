// The two phases of the relay benchmark. The steady load runs on both servers at once, taking
// turns in slices (ours, stock, stock, ours, …) so that whatever else this shared machine is
// doing falls on both alike; the connection phase runs on each server alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type LoadResult,
  type Room,
  connectRooms,
  disconnectRooms,
  holdConnections,
  prefill,
  runSteadyLoad,
} from './server-load-clients.ts';
import { mergeLoadResults } from './server-load-stats.ts';
import type { HoldFigures, LoadFigures, Outcome } from './server-load-report.ts';
import { type RoomTarget, type ServerChild, type ServerKind, type StartOptions, startOurs, startStock } from './server-load-servers.ts';

export interface PhaseSettings {
  rooms: number;
  editors: number;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** How many turns each server gets in the load phase. */
  slices: number;
  /** Each room starts with a random number of edits below this (0: none); see `prefill`. */
  prefill: number;
  holdRooms: number;
  holdEditors: number;
  holdSeconds: number;
  serverOptions: (kind: ServerKind) => StartOptions;
  log: (message: string) => void;
}

const SLICE_WARMUP_MS = 500;
const DRAIN_MS = 5000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface Running {
  kind: ServerKind;
  server: ServerChild;
  dataDir: string;
}

async function start(kind: ServerKind, settings: PhaseSettings): Promise<Running> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'causal-map-bench-'));
  try {
    const options = settings.serverOptions(kind);
    const server = kind === 'ours' ? await startOurs(dataDir, options) : await startStock(options);
    return { kind, server, dataDir };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function stop(running: Running): Promise<void> {
  await running.server.stop();
  fs.rmSync(running.dataDir, { recursive: true, force: true });
}

/**
 * Creates the rooms plus one warm-up room, in which one client makes one edit and stays: what a
 * server starts once (our loop worker thread, lazily loaded code) is then not counted per room.
 */
async function prepare(server: ServerChild, count: number): Promise<{ targets: RoomTarget[]; warm: Room[]; rssIdle: number }> {
  const [warmTarget, ...targets] = await server.createRooms(count + 1);
  if (!warmTarget) throw new Error('no warm-up room');
  const warm = await connectRooms(server.wsUrl, [warmTarget], 1);
  warm[0]?.[0]?.bench.set('warm-up', { seq: 1, sentAt: performance.now() });
  await sleep(1000);
  return { targets, warm, rssIdle: server.rssBytes() };
}

interface Contender extends Running {
  rooms: Room[];
  warm: Room[];
  rssIdle: number;
  slices: LoadResult[];
}

/** ABBA order: neither server always goes first, so a slow drift in the machine falls on both. */
export function turns<K>(kinds: K[], slices: number): K[] {
  const order: K[] = [];
  for (let slice = 0; slice < slices; slice += 1) order.push(...(slice % 2 === 0 ? kinds : [...kinds].reverse()));
  return order;
}

/** The steady load on every server in `kinds`, in turns; each server's slices merged. */
export async function loadPhase(kinds: ServerKind[], settings: PhaseSettings): Promise<Map<ServerKind, Outcome<LoadFigures>>> {
  const outcomes = new Map<ServerKind, Outcome<LoadFigures>>();
  const contenders: Contender[] = [];
  try {
    for (const kind of kinds) {
      let running: Running | undefined;
      try {
        running = await start(kind, settings);
        const { targets, warm, rssIdle } = await prepare(running.server, settings.rooms);
        const contender: Contender = { ...running, rooms: [], warm, rssIdle, slices: [] };
        contenders.push(contender);
        contender.rooms = await connectRooms(running.server.wsUrl, targets, settings.editors);
        const earlier = settings.prefill > 0 ? await prefill(contender.rooms, settings.prefill) : 0;
        settings.log(`${kind}: ${settings.rooms * settings.editors} editors synced, ${earlier} earlier edits in their rooms`);
      } catch (error) {
        settings.log(`${kind}: ${describe(error)}\n${running?.server.recentOutput() ?? ''}`);
        outcomes.set(kind, { kind: 'failed', message: describe(error) });
        if (running && !contenders.some((each) => each.kind === kind)) await stop(running);
      }
    }
    const ready = contenders.filter((each) => !outcomes.has(each.kind));
    const sliceMs = (settings.seconds * 1000) / settings.slices;
    for (const kind of turns(ready.map((each) => each.kind), settings.slices)) {
      const contender = ready.find((each) => each.kind === kind);
      if (!contender || outcomes.has(kind)) continue;
      const first = contender.slices.length === 0;
      settings.log(`${kind}: editing, slice ${contender.slices.length + 1} of ${settings.slices}`);
      try {
        contender.slices.push(
          await runSteadyLoad(contender.rooms, {
            rate: settings.rate,
            warmupMs: first ? settings.warmupSeconds * 1000 : SLICE_WARMUP_MS,
            measureMs: sliceMs,
            drainMs: DRAIN_MS,
            serverCpuSeconds: () => contender.server.cpuSeconds(),
          }),
        );
      } catch (error) {
        settings.log(`${kind}: ${describe(error)}\n${contender.server.recentOutput()}`);
        outcomes.set(kind, { kind: 'failed', message: describe(error) });
      }
    }
    for (const contender of ready) {
      if (outcomes.has(contender.kind)) continue;
      const result = mergeLoadResults(contender.slices);
      outcomes.set(contender.kind, {
        kind: 'done',
        value: { rooms: settings.rooms, result, rssIdle: contender.rssIdle, rssAfter: contender.server.rssBytes() },
      });
    }
  } finally {
    for (const contender of contenders) {
      disconnectRooms(contender.rooms);
      disconnectRooms(contender.warm);
      await stop(contender);
    }
  }
  return outcomes;
}

/** Opens `holdRooms` × `holdEditors` connections to a fresh server, holds them, checks the relay. */
export async function holdPhase(kind: ServerKind, settings: PhaseSettings): Promise<Outcome<HoldFigures>> {
  let running: Running | undefined;
  let rooms: Room[] = [];
  let warm: Room[] = [];
  try {
    running = await start(kind, settings);
    const { server } = running;
    const prepared = await prepare(server, settings.holdRooms);
    warm = prepared.warm;
    const connections = settings.holdRooms * settings.holdEditors;
    const started = performance.now();
    rooms = await connectRooms(server.wsUrl, prepared.targets, settings.holdEditors, { batch: 100, timeoutMs: 30_000 });
    const connectMs = performance.now() - started;
    settings.log(`${kind}: ${connections} connections synced in ${(connectMs / 1000).toFixed(1)} s; holding ${settings.holdSeconds} s`);
    const rssHeld = server.rssBytes();
    const hold = await holdConnections(rooms, settings.holdSeconds * 1000);
    return {
      kind: 'done',
      value: { rooms: settings.holdRooms, connections, holdSeconds: settings.holdSeconds, connectMs, rssIdle: prepared.rssIdle, rssHeld, hold },
    };
  } catch (error) {
    settings.log(`${kind}: ${describe(error)}\n${running?.server.recentOutput() ?? ''}`);
    return { kind: 'failed', message: describe(error) };
  } finally {
    disconnectRooms(rooms);
    disconnectRooms(warm);
    if (running) await stop(running);
  }
}
