// `--nodes N`: our server as N node processes on one PostgreSQL and one Redis (SPEC §8), each
// room's editors spread over the nodes so every edit crosses from one node to another, next to
// ours on SQLite (one node) and the stock server under the same load, in turns. Then, if asked,
// one node against N nodes (both on PostgreSQL and Redis) at a rate meant to saturate one node,
// with each room's editors spread over the nodes as before, and with each room on one node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type PostgresServer, type RedisServer, startPostgres, startRedis } from '../tests/server/services.ts';
import { type LoadResult, type Room, connectRooms, disconnectRooms, missingUpdates, prefill, runSteadyLoad } from './server-load-clients.ts';
import {
  type Timing,
  machineCpuSeconds,
  pgCommitTiming,
  pin,
  postmasterPid,
  redisHopTiming,
  redisPid,
  treeCpuSeconds,
  withChildren,
} from './server-load-nodes-probes.ts';
import { turns } from './server-load-phases.ts';
import type { Outcome } from './server-load-report.ts';
import { type ServerChild, startOurs, startStock } from './server-load-servers.ts';
import { mergeLoadResults } from './server-load-stats.ts';

export interface NodesSettings {
  nodes: number;
  rooms: number;
  editors: number;
  /** Edits per second per editor in the relay phase, and in the saturation phase (0: none). */
  rate: number;
  saturationRate: number;
  /** Seconds measured per setup, over `slices` turns each. */
  seconds: number;
  slices: number;
  saturationSeconds: number;
  saturationSlices: number;
  warmupSeconds: number;
  prefill: number;
  /** Samples of each direct measurement (PostgreSQL commit, Redis hop). */
  probes: number;
  /** Relay phase: servers, PostgreSQL and Redis on core 0, this process on core 1. */
  pinned: boolean;
  log: (message: string) => void;
}

export type SetupKind = 'sqlite' | 'stock' | 'cluster';

/**
 * What runs, and where the editors connect: `spread`, editor i of every room to node i mod N
 * (each room on every node); `by-room`, all editors of room r to node r mod N.
 */
export interface SetupSpec {
  kind: SetupKind;
  nodes: number;
  placement: 'spread' | 'by-room';
}

export interface SetupFigures extends SetupSpec {
  outcome: Outcome<{ result: LoadResult; missing: number }>;
}

export interface NodesFigures {
  relay: SetupFigures[];
  saturation: SetupFigures[];
  pgCommit: Outcome<Timing>;
  redisHop: Outcome<Timing>;
}

interface Setup extends SetupSpec {
  servers: ServerChild[];
  dataDirs: string[];
  rooms: Room[];
  warm: Room[];
  slices: LoadResult[];
  failure?: string;
}

interface Services {
  pg: PostgresServer;
  redis: RedisServer;
  databases: number;
}

const SLICE_WARMUP_MS = 500;
const DRAIN_MS = 5000;
const SETTLE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
const allCpus = `0-${os.cpus().length - 1}`;

async function startServers(kind: SetupKind, nodes: number, services: Services, pinCpu: string | null, dataDirs: string[]): Promise<ServerChild[]> {
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'causal-map-bench-'));
    dataDirs.push(dir);
    return dir;
  };
  if (kind === 'stock') return [await startStock({ pinCpu })];
  if (kind === 'sqlite') return [await startOurs(dataDir(), { pinCpu })];
  services.databases += 1;
  const database = `bench_nodes_${services.databases}`;
  await services.pg.createDatabase(database);
  const servers: ServerChild[] = [];
  // One after the other: the first brings the schema up to date.
  for (let node = 1; node <= nodes; node += 1) {
    const env = { DATABASE_URL: services.pg.url(database), REDIS_URL: services.redis.url, NODE_ID: `bench-${nodes}-${node}` };
    servers.push(await startOurs(dataDir(), { pinCpu, env }));
  }
  return servers;
}

/** Starts a setup and connects its editors (the rooms are created on the first node). */
async function startSetup(spec: SetupSpec, services: Services, pinCpu: string | null, settings: NodesSettings): Promise<Setup> {
  const { kind, nodes } = spec;
  const setup: Setup = { ...spec, servers: [], dataDirs: [], rooms: [], warm: [], slices: [] };
  try {
    setup.servers = await startServers(kind, nodes, services, pinCpu, setup.dataDirs);
    const first = setup.servers[0];
    if (!first) throw new Error('no server');
    const [warmTarget, ...targets] = await first.createRooms(settings.rooms + 1);
    if (!warmTarget) throw new Error('no warm-up room');
    // One client per node edits the warm-up room once and stays: what a node starts once (its
    // worker threads, lazily loaded code, the Redis subscription) is not counted in the load.
    for (const server of setup.servers) {
      const warm = await connectRooms(server.wsUrl, [warmTarget], 1);
      setup.warm.push(...warm);
      warm[0]?.[0]?.bench.set('warm-up', { seq: 1, sentAt: performance.now() });
    }
    await sleep(1000);
    setup.rooms = targets.map(() => []);
    for (const [index, server] of setup.servers.entries()) {
      // Spread: every room, this node's share of its editors. By room: every Nth room, all of them.
      const spread = spec.placement === 'spread';
      const perRoom = spread ? Math.floor(settings.editors / nodes) + (index < settings.editors % nodes ? 1 : 0) : settings.editors;
      const mine = targets.flatMap((target, r) => (spread || r % nodes === index ? [r] : []));
      if (perRoom === 0 || mine.length === 0) continue;
      const rooms = await connectRooms(server.wsUrl, mine.map((r) => targets[r] ?? warmTarget), perRoom);
      rooms.forEach((room, i) => {
        for (const editor of room) editor.node = kind === 'cluster' ? index : undefined;
        setup.rooms[mine[i] ?? 0]?.push(...room);
      });
    }
    const earlier = settings.prefill > 0 ? await prefill(setup.rooms, settings.prefill) : 0;
    settings.log(`${label(setup)}: ${settings.rooms * settings.editors} editors synced, ${earlier} earlier edits in their rooms`);
    return setup;
  } catch (error) {
    await stopSetup(setup);
    throw error;
  }
}

async function stopSetup(setup: Setup): Promise<void> {
  disconnectRooms(setup.rooms);
  disconnectRooms(setup.warm);
  await Promise.all(setup.servers.map((server) => server.stop()));
  for (const dir of setup.dataDirs) fs.rmSync(dir, { recursive: true, force: true });
}

export function label(setup: SetupSpec): string {
  if (setup.kind === 'stock') return 'stock';
  if (setup.kind === 'sqlite') return 'ours on SQLite';
  const where = setup.nodes > 1 && setup.placement === 'by-room' ? ', each room on one node' : '';
  return `${setup.nodes} node${setup.nodes === 1 ? '' : 's'} on PostgreSQL + Redis${where}`;
}

interface PhaseSpec {
  setups: SetupSpec[];
  rate: number;
  seconds: number;
  slices: number;
  pinCpu: string | null;
}

/** The same steady load on every setup, in ABBA turns; then how many updates some client lacks. */
async function runPhase(spec: PhaseSpec, services: Services, settings: NodesSettings): Promise<SetupFigures[]> {
  const figures: SetupFigures[] = [];
  const setups: Setup[] = [];
  const postgres = postmasterPid(services.pg.port);
  const redis = redisPid(services.redis.port);
  try {
    for (const setupSpec of spec.setups) {
      try {
        setups.push(await startSetup(setupSpec, services, spec.pinCpu, settings));
      } catch (error) {
        settings.log(`${label(setupSpec)}: ${describe(error)}`);
        figures.push({ ...setupSpec, outcome: { kind: 'failed', message: describe(error) } });
      }
    }
    const sliceMs = (spec.seconds * 1000) / spec.slices;
    for (const setup of turns(setups, spec.slices)) {
      if (setup.failure !== undefined) continue;
      const meters: Record<string, () => number> = {
        postgres: () => treeCpuSeconds(postgres),
        redis: () => treeCpuSeconds(redis),
        machine: machineCpuSeconds,
      };
      setup.servers.forEach((server, index) => {
        meters[`node ${index + 1}`] = () => server.cpuSeconds();
      });
      settings.log(`${label(setup)}: editing at ${spec.rate} / s each, slice ${setup.slices.length + 1} of ${spec.slices}`);
      try {
        setup.slices.push(
          await runSteadyLoad(setup.rooms, {
            rate: spec.rate,
            warmupMs: setup.slices.length === 0 ? settings.warmupSeconds * 1000 : SLICE_WARMUP_MS,
            measureMs: sliceMs,
            drainMs: DRAIN_MS,
            serverCpuSeconds: () => setup.servers.reduce((sum, server) => sum + server.cpuSeconds(), 0),
            meters,
          }),
        );
      } catch (error) {
        setup.failure = describe(error);
        settings.log(`${label(setup)}: ${setup.failure}\n${setup.servers.map((server) => server.recentOutput()).join('\n')}`);
      }
    }
    for (const setup of setups) {
      if (setup.failure !== undefined) {
        figures.push({ ...specOf(setup), outcome: { kind: 'failed', message: setup.failure } });
        continue;
      }
      const missing = await missingUpdates(setup.rooms, SETTLE_MS);
      settings.log(`${label(setup)}: ${missing} updates missing from some client at the end`);
      figures.push({ ...specOf(setup), outcome: { kind: 'done', value: { result: mergeLoadResults(setup.slices), missing } } });
    }
  } finally {
    for (const setup of setups) await stopSetup(setup);
  }
  const order = (figure: SetupFigures) => spec.setups.findIndex((each) => label(each) === label(figure));
  return figures.sort((a, b) => order(a) - order(b));
}

const specOf = (setup: Setup): SetupSpec => ({ kind: setup.kind, nodes: setup.nodes, placement: setup.placement });

async function probe<T>(what: string, settings: NodesSettings, measure: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'done', value: await measure() };
  } catch (error) {
    settings.log(`${what}: ${describe(error)}`);
    return { kind: 'failed', message: describe(error) };
  }
}

/** Everything `--nodes N` measures, with PostgreSQL and Redis started for the run and removed after. */
export async function nodesBench(settings: NodesSettings): Promise<NodesFigures> {
  settings.log('starting PostgreSQL and Redis');
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  const services: Services = { pg, redis, databases: 0 };
  try {
    const serviceCpus = settings.pinned ? '0' : allCpus;
    pin([...withChildren(postmasterPid(pg.port)), redisPid(redis.port)], serviceCpus);

    settings.log(`direct measurements: ${settings.probes} PostgreSQL commits, ${settings.probes} Redis hops`);
    await pg.createDatabase('bench_probe');
    const pgCommit = await probe('PostgreSQL commit', settings, () => pgCommitTiming(pg.url('bench_probe'), settings.probes));
    const redisHop = await probe('Redis hop', settings, () => redisHopTiming(redis.url, settings.probes));

    settings.log(`relay phase: ${settings.rooms} rooms × ${settings.editors} editors at ${settings.rate} edits / s each`);
    const relay = await runPhase(
      {
        setups: [
          { kind: 'sqlite', nodes: 1, placement: 'spread' },
          { kind: 'stock', nodes: 1, placement: 'spread' },
          { kind: 'cluster', nodes: settings.nodes, placement: 'spread' },
        ],
        rate: settings.rate,
        seconds: settings.seconds,
        slices: settings.slices,
        pinCpu: settings.pinned ? '0' : null,
      },
      services,
      settings,
    );

    let saturation: SetupFigures[] = [];
    if (settings.saturationRate > 0 && settings.saturationSeconds > 0) {
      // Nothing pinned: N nodes may use every core, and one node as much of one as it can get.
      pin([process.pid], allCpus);
      pin([...withChildren(postmasterPid(pg.port)), redisPid(redis.port)], allCpus);
      settings.log(`saturation phase: 1 node against ${settings.nodes}, at ${settings.saturationRate} edits / s per editor, nothing pinned`);
      saturation = await runPhase(
        {
          setups: [
            { kind: 'cluster', nodes: 1, placement: 'spread' },
            { kind: 'cluster', nodes: settings.nodes, placement: 'spread' },
            { kind: 'cluster', nodes: settings.nodes, placement: 'by-room' },
          ],
          rate: settings.saturationRate,
          seconds: settings.saturationSeconds,
          slices: settings.saturationSlices,
          pinCpu: null,
        },
        services,
        settings,
      );
    }
    return { relay, saturation, pgCommit, redisHop };
  } finally {
    await Promise.all([pg.destroy(), redis.destroy()]);
  }
}
