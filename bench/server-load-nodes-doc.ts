// `--nodes N`: the generated block of the "Several nodes (issue 14)" section: command, machine,
// pinning, load, the tables and the ratios.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { type NodesFigures, type NodesSettings, type SetupFigures, label } from './server-load-nodes.ts';
import { type Done, done, probesTable, ratio, relayTable, saturated, saturationTable, targetsTable, throughput } from './server-load-nodes-report.ts';
import { percentile } from './server-load-stats.ts';

export interface SectionInput {
  figures: NodesFigures;
  settings: NodesSettings;
  command: string;
  /** 1-minute load average before and after the run. */
  loadBefore: number;
  loadAfter: number;
  /** Other heavy jobs (tests) seen running before the run, if any. */
  busyWith: string | null;
}

function versions(): string {
  const first = (command: string) => spawnSync('sh', ['-c', command], { encoding: 'utf8' }).stdout.split('\n')[0]?.trim() ?? '';
  const postgres = first('"$(pg_config --bindir)/postgres" --version') || 'PostgreSQL';
  const redis = first('redis-server --version').replace(/ sha=.*$/, '') || 'Redis';
  return `${postgres}; ${redis}`;
}

/** The whole generated block of the section: command, machine, tables, ratios, targets. */
export function nodesSection(input: SectionInput): string {
  const { figures, settings } = input;
  const cores = os.cpus().length;
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const offeredRelay = settings.rooms * settings.editors * settings.rate;
  const offeredSat = settings.rooms * settings.editors * settings.saturationRate;
  const relayOf = (kind: SetupFigures['kind']) => done(figures.relay.find((setup) => setup.kind === kind));
  const sqlite = relayOf('sqlite');
  const stock = relayOf('stock');
  const cluster = relayOf('cluster');
  const one = done(figures.saturation[0]);
  const many = done(figures.saturation.find((setup) => setup.nodes > 1 && setup.placement === 'spread'));
  const byRoom = done(figures.saturation.find((setup) => setup.nodes > 1 && setup.placement === 'by-room'));
  const p99 = (d: Done | undefined) => (d ? percentile(d.result.latencies, 99) : undefined);
  const disturbed = input.loadBefore >= 1 || input.busyWith !== null;
  return [
    `**Command:** \`${input.command}\` (about three and a half minutes with the defaults: build, PostgreSQL and Redis start, ` +
      `${settings.seconds} s measured per setup in the relay phase, ${settings.saturationSeconds} s in the saturation phase; add \`--no-doc\` to only print).`,
    '',
    `Node ${process.version}, ${cores} × ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB, ${new Date().toISOString().slice(0, 10)}. ${versions()}, ` +
      'both started for the run by `tests/server/services.ts` (PostgreSQL with `fsync=off`, `synchronous_commit=on`: a commit waits for ' +
      'the WAL write but not for the disk, as on a server with a battery-backed cache; Redis without persistence), on loopback.',
    settings.pinned
      ? `**Relay phase pinning:** everything on the server side runs on core 0 (\`taskset\`, all threads): ours on SQLite, the stock server, ` +
        `the ${settings.nodes} nodes, PostgreSQL (all its processes) and Redis; this process and all the editors run on core 1. So the three ` +
        `setups get the same one core, and the ${settings.nodes} nodes share it with PostgreSQL and Redis: the relay phase measures what the ` +
        'extra hops cost on the same hardware, not what more hardware buys. Pinning each node to a core of its own would put one of them on the ' +
        "editors' core."
      : 'Relay phase: nothing pinned (`--no-pin`).',
    `**Saturation phase: nothing pinned**, so ${settings.nodes} nodes can use every core and one node as much of one core as it gets. ` +
      `On this ${cores}-core machine the nodes share the cores with PostgreSQL, Redis and the load generator (all the editors, one ` +
      'single-threaded process that applies every update it receives), so the machine, not the design, sets the ceiling.',
    `Load average (1 min) before the run: ${input.loadBefore.toFixed(2)}; after: ${input.loadAfter.toFixed(2)}` +
      (input.busyWith ? `; **ran under load**: ${input.busyWith} was running when the run began.` : disturbed ? ' — **the machine was not quiet**.' : '.'),
    '',
    `**Load:** ${settings.rooms} rooms × ${settings.editors} editors, each editor setting its own key of a Y.Map to \`{seq, sentAt}\` ` +
      `(about 50 bytes of Yjs update); editor i of each room connects to node i mod ${settings.nodes}, so each room has editors on every ` +
      'node and every edit reaches some of its room by way of PostgreSQL and Redis. Each room first gets a random number of earlier edits ' +
      `(below ${settings.prefill}, COMPACT_EVERY), so compactions fall at random moments. **Relay phase:** ${settings.rate} edits / s per editor ` +
      `(${offeredRelay.toLocaleString('en-US')} / s offered) on the three setups, all up at once and taking turns (${settings.slices} slices each, ABBA order, ` +
      `${settings.seconds} s measured per setup). **Saturation phase:** ${settings.saturationRate} edits / s per editor ` +
      `(${offeredSat.toLocaleString('en-US')} / s offered) on one node, on ${settings.nodes} nodes with the same spread of editors, and on ${settings.nodes} nodes ` +
      `with all of a room's editors on one node (room r on node r mod ${settings.nodes}: no update crosses between nodes), each on a fresh database, ` +
      `${settings.saturationSlices} slices, ${settings.saturationSeconds} s measured each. Latency runs from the sender's \`performance.now()\` just before its edit to another editor's ` +
      'observer seeing it, on the one clock of this process. Loss: after the last slice, every editor\'s Yjs state vector is compared with every ' +
      'other editor of its room (up to 10 s to settle).',
    '',
    '### Relay, same load on all three',
    relayTable(figures, cores),
    '',
    `Ratios: p99 ${ratio(p99(cluster), p99(sqlite))} ours on SQLite and ${ratio(p99(cluster), p99(stock))} stock; ` +
      `server CPU per edit ${ratio(cluster && cpuPerEdit(cluster), sqlite && cpuPerEdit(sqlite))} ours on SQLite.`,
    '',
    '### PostgreSQL commit and Redis hop',
    probesTable(figures),
    '',
    ...(figures.saturation.length > 0
      ? [
          `### Saturation: 1 node against ${settings.nodes} (CPU-bound)`,
          saturationTable(figures, cores, offeredSat),
          '',
          `Throughput ratio, ${settings.nodes} nodes / 1 node: **${ratio(many && throughput(many), one && throughput(one))}** with each room's editors on ` +
            `every node (the issue's load), **${ratio(byRoom && throughput(byRoom), one && throughput(one))}** with each room on one node. ` +
            `At their limit: ${figures.saturation.map((setup) => `${label(setup)} — ${saturated(setup, cores, offeredSat).join(', ') || 'nothing near its limit'}`).join('; ')}.`,
          '',
        ]
      : []),
    '### Targets (issue 14)',
    targetsTable(figures, cores, offeredSat),
  ].join('\n');
}

function cpuPerEdit(d: Done): number {
  return (d.result.serverCpu * d.result.measureSeconds) / Math.max(1, d.result.sent);
}
