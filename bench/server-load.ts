// Relay benchmark: `npx tsx bench/server-load.ts [--rooms 50 --editors 4 --rate 5 --seconds 40]`
// (about three minutes). Real y-websocket clients on loopback against our server (SQLite on) and
// the stock @y/websocket-server 0.1.1 (in memory), under the same load in turns, each server in
// its own child process pinned to one core while this process (all the clients) runs on the other.
// Prints a markdown table and writes it into the "Server relay" section of docs/benchmarks.md.
//
// `npm run bench:server -- --nodes 2 [--seconds 30 --slices 12 --saturation-rate 60
// --saturation-seconds 16 --saturation-slices 4 --probes 1000]` (about 3.5 minutes):
// starts PostgreSQL and Redis (tests/server/services.ts) and our server as N nodes on them
// (DATABASE_URL, REDIS_URL, NODE_ID), each room's editors spread over the nodes; measures them
// against ours on SQLite and the stock server under the same load, in turns; times one
// PostgreSQL commit and one Redis hop; then one node against N at a rate meant to saturate one
// (`--saturation-rate 0`: skip). Writes the "Several nodes (issue 14)" section instead.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type NodesSettings, nodesBench } from './server-load-nodes.ts';
import { nodesSection } from './server-load-nodes-doc.ts';
import { NODES_SECTION } from './server-load-nodes-report.ts';
import { type PhaseSettings, holdPhase, loadPhase } from './server-load-phases.ts';
import { type Figures, figuresTable, targetsTable, writeSection } from './server-load-report.ts';
import type { ServerKind } from './server-load-servers.ts';

const { values: flags } = parseArgs({
  options: {
    rooms: { type: 'string', default: '50' },
    editors: { type: 'string', default: '4' },
    rate: { type: 'string', default: '5' },
    // Defaults depend on --nodes (see below).
    seconds: { type: 'string' },
    warmup: { type: 'string', default: '2' },
    'hold-rooms': { type: 'string', default: '500' },
    'hold-editors': { type: 'string', default: '4' },
    'hold-seconds': { type: 'string', default: '10' },
    only: { type: 'string' },
    'no-hold': { type: 'boolean', default: false },
    'no-pin': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
    slices: { type: 'string' },
    nodes: { type: 'string', default: '1' },
    'saturation-rate': { type: 'string', default: '60' },
    'saturation-seconds': { type: 'string', default: '16' },
    'saturation-slices': { type: 'string', default: '4' },
    probes: { type: 'string', default: '1000' },
    // Our server folds a map's log every 500 updates (COMPACT_EVERY).
    prefill: { type: 'string', default: '500' },
    profile: { type: 'string' },
    // Another build of our server (e.g. a candidate fix) to measure in place of server/dist.
    'ours-main': { type: 'string' },
  },
});

function count(name: string, raw: string | undefined, min = 1): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number of at least ${min}, got "${raw}"`);
  return n;
}

const nodes = count('nodes', flags.nodes);
const kinds: ServerKind[] = flags.only === 'ours' || flags.only === 'stock' ? [flags.only] : ['ours', 'stock'];
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
// One core for the server under test, the other for this process and its clients.
const pinned = !flags['no-pin'] && os.cpus().length >= 2;

const settings: PhaseSettings = {
  rooms: count('rooms', flags.rooms),
  editors: count('editors', flags.editors, 2),
  rate: count('rate', flags.rate),
  seconds: count('seconds', flags.seconds ?? (nodes > 1 ? '30' : '40')),
  warmupSeconds: count('warmup', flags.warmup, 0),
  slices: count('slices', flags.slices ?? (nodes > 1 ? '12' : '16')),
  prefill: count('prefill', flags.prefill, 0),
  holdRooms: count('hold-rooms', flags['hold-rooms']),
  holdEditors: count('hold-editors', flags['hold-editors']),
  holdSeconds: count('hold-seconds', flags['hold-seconds']),
  serverOptions: (kind) => ({
    pinCpu: pinned ? '0' : null,
    ...(flags.profile ? { profileDir: path.resolve(flags.profile, kind) } : {}),
    ...(kind === 'ours' && flags['ours-main'] ? { main: flags['ours-main'] } : {}),
  }),
  log: (message) => console.error(`[bench:server] ${message}`),
};

function shell(command: string): string {
  return spawnSync('sh', ['-c', command], { encoding: 'utf8' }).stdout.trim();
}

function machine(loadBefore: number[], loadAfter: number[]): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = (values: number[]) => values.map((v) => v.toFixed(2)).join(' / ');
  return [
    `Node ${process.version}, ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB, ${new Date().toISOString().slice(0, 10)}.`,
    pinned
      ? 'Each server ran in its own process pinned to core 0 (`taskset -c 0`, all its threads; in the load phase both are up and take turns, only one editing at a time), this load generator and all its clients on core 1.'
      : 'Servers and load generator were not pinned to cores (`--no-pin`).',
    `Load average (1 / 5 / 15 min) before the run: ${load(loadBefore)}; after: ${load(loadAfter)} — other people's jobs share these two cores${loadBefore[0] !== undefined && loadBefore[0] >= 1 ? ', so the machine was not quiet' : ''}.`,
    `Open-file limit (\`ulimit -n\`): ${shell('ulimit -n')} (soft) / ${shell('ulimit -Hn')} (hard); each connection takes one descriptor in the server and one here.`,
  ].join('\n');
}

// Above this, the clients themselves saw receipts late and the latencies say more about the
// machine than about the servers.
const GENERATOR_LAG_LIMIT_MS = 5;

/** A warning when other work on the machine disturbed the run, or null. */
function caution(figures: Figures, loadBefore: number[], loadAfter: number[]): string | null {
  const lags = kinds.flatMap((kind) => {
    const load = figures[kind].load;
    return load.kind === 'done' ? [load.value.result.generatorLagP99Ms] : [];
  });
  const worstLag = Math.max(0, ...lags);
  const before = loadBefore[0] ?? 0;
  const after = loadAfter[0] ?? 0;
  // The run itself keeps about half a core busy, which shows in the load average after it.
  if (worstLag <= GENERATOR_LAG_LIMIT_MS && before < 1 && after < 1.5) return null;
  return (
    `**Caution:** this run was disturbed (1-minute load average ${before.toFixed(2)} before it and ${after.toFixed(2)} after, ` +
    `load generator event-loop delay p99 up to ${worstLag.toFixed(1)} ms): the latencies partly measure other jobs on ` +
    'the machine. Run again when `uptime` shows a load average below 1.'
  );
}

function commandLine(): string {
  const args = process.argv.slice(2).join(' ');
  return `npx tsx bench/server-load.ts${args ? ` ${args}` : ''}`;
}

/** Test runs (vitest, playwright) on the machine now, in a few words, or null. */
function heavyJobs(): string | null {
  const found = spawnSync('pgrep', ['-fa', 'vitest|playwright'], { encoding: 'utf8' }).stdout.trim();
  if (!found) return null;
  const lines = found.split('\n');
  const runs = ['vitest', 'playwright'].filter((name) => lines.some((line) => line.includes(name)));
  return `a ${runs.join(' and a ')} run (${lines.length} processes)`;
}

/** `--nodes N`: the several-nodes measurements instead of the relay and connection phases. */
async function nodesMain(loadBefore: number[], busyWith: string | null): Promise<void> {
  const nodesSettings: NodesSettings = {
    nodes,
    rooms: settings.rooms,
    editors: settings.editors,
    rate: settings.rate,
    seconds: settings.seconds,
    slices: settings.slices,
    saturationRate: count('saturation-rate', flags['saturation-rate'], 0),
    saturationSeconds: count('saturation-seconds', flags['saturation-seconds'], 0),
    saturationSlices: count('saturation-slices', flags['saturation-slices']),
    warmupSeconds: settings.warmupSeconds,
    prefill: settings.prefill,
    probes: count('probes', flags.probes),
    pinned,
    log: settings.log,
  };
  const figures = await nodesBench(nodesSettings);
  const generated = nodesSection({
    figures,
    settings: nodesSettings,
    command: `npm run bench:server -- ${process.argv.slice(2).join(' ')}`,
    loadBefore: loadBefore[0] ?? 0,
    loadAfter: os.loadavg()[0] ?? 0,
    busyWith,
  });
  console.log(generated);
  if (!flags['no-doc']) {
    const docPath = path.join(repositoryRoot, 'docs/benchmarks.md');
    writeSection(docPath, generated, NODES_SECTION);
    settings.log(`wrote the "Several nodes (issue 14)" section of ${path.relative(repositoryRoot, docPath)}`);
  }
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const busyWith = heavyJobs();
  if (busyWith) settings.log(`other test runs are going on, the figures will show it: ${busyWith}`);
  if (!flags['no-build']) {
    settings.log('building the server (npx tsc -b server)');
    const build = spawnSync('npx', ['tsc', '-b', 'server'], { cwd: repositoryRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npx tsc -b server failed; fix the build or pass --no-build to use server/dist as it is');
  }
  if (pinned) spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
  if (nodes > 1) return nodesMain(loadBefore, busyWith);

  const figures: Figures = {
    ours: { load: { kind: 'skipped' }, hold: { kind: 'skipped' } },
    stock: { load: { kind: 'skipped' }, hold: { kind: 'skipped' } },
  };
  settings.log(`load phase: ${settings.rooms} rooms × ${settings.editors} editors at ${settings.rate} edits/s each, on ${kinds.join(' and ')}`);
  const loads = await loadPhase(kinds, settings);
  for (const kind of kinds) {
    figures[kind].load = loads.get(kind) ?? { kind: 'failed', message: 'no result' };
    if (flags['no-hold']) continue;
    settings.log(`${kind}: connection phase, ${settings.holdRooms} rooms × ${settings.holdEditors} clients`);
    figures[kind].hold = await holdPhase(kind, settings);
  }

  const table = figuresTable(figures);
  const targets = targetsTable(figures);
  const loadAfter = os.loadavg();
  const warning = caution(figures, loadBefore, loadAfter);
  const load =
    `${settings.rooms} rooms × ${settings.editors} editors, each editor setting its own key of a Y.Map ` +
    `to \`{seq, sentAt}\` ${settings.rate} times a second (${settings.rooms * settings.editors * settings.rate} edits / s offered, ` +
    `each about 50 bytes of Yjs update). Each room first gets a random number of earlier edits ` +
    `(below ${settings.prefill}, our COMPACT_EVERY), so that our server folds each map's update log every 500 updates during the ` +
    `load at random moments, as in steady state, not in all rooms at once. Both servers are up with their clients connected and take turns: ` +
    `${settings.slices} slices each in ABBA order, ${settings.seconds} s measured per server in all, after ` +
    `${settings.warmupSeconds} s of warm-up before its first slice and 0.5 s before the others. Connection phase, ` +
    `each server alone: ${settings.holdRooms} rooms × ${settings.holdEditors} clients, opened 100 at a time, held ${settings.holdSeconds} s.`;
  const generated = [
    `**Command:** \`${commandLine()}\` (about three minutes with the defaults; add \`--no-doc\` to only print).`,
    '',
    machine(loadBefore, loadAfter),
    '',
    `**Load:** ${load}`,
    '',
    table,
    '',
    ...(warning ? [warning, ''] : []),
    '### Relay targets',
    targets.table,
  ].join('\n');
  console.log(generated);
  if (!flags['no-doc']) {
    const docPath = path.join(repositoryRoot, 'docs/benchmarks.md');
    writeSection(docPath, generated);
    settings.log(`wrote the "Server relay" section of ${path.relative(repositoryRoot, docPath)}`);
  }
}

main().then(
  // Stray provider timers must not keep the process alive.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
