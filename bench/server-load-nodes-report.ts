// `--nodes N`: the tables of the "Several nodes (issue 14)" section of docs/benchmarks.md.
import type { LoadResult } from './server-load-clients.ts';
import { type NodesFigures, type SetupFigures, label } from './server-load-nodes.ts';
import type { Timing } from './server-load-nodes-probes.ts';
import type { DocSection } from './server-load-report.ts';
import { percentile } from './server-load-stats.ts';

export const NODES_SECTION: DocSection = {
  start: '<!-- several-nodes:start — written by bench/server-load.ts --nodes; keep notes below the end marker -->',
  end: '<!-- several-nodes:end -->',
  heading: '## Several nodes (issue 14)',
};

const CROSS_P99_LIMIT_MS = 25;
const SCALING_TARGET = 1.5;
// A single-threaded process at or above this share of one core had no more to give.
const SATURATED = 0.85;

export interface Done {
  result: LoadResult;
  missing: number;
}

export function done(figures: SetupFigures | undefined): Done | undefined {
  return figures?.outcome.kind === 'done' ? figures.outcome.value : undefined;
}

function fixed(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}×`;
}

const perSecond = (d: Done, n: number) => n / d.result.measureSeconds;
export const throughput = (d: Done) => perSecond(d, d.result.receiptsInWindow);
const nodeShares = (d: Done) =>
  Object.entries(d.result.meterCpu)
    .filter(([name]) => name.startsWith('node '))
    .map(([, share]) => share);

interface Row {
  label: string;
  pick: (d: Done) => number | undefined;
  show: (n: number | undefined) => string;
  /** A cell of its own instead of `show(pick(…))`. */
  text?: (d: Done) => string;
  ratio?: boolean;
}

const percent = (n: number | undefined) => (n === undefined ? '—' : `${fixed(n, 0)} %`);
const ms = (n: number | undefined) => fixed(n, 2);

function rows(cores: number, offered: number | undefined): Row[] {
  return [
    ...(offered === undefined ? [] : [{ label: 'edits offered / s (what the editors are set to send)', pick: () => offered, show: (n: number | undefined) => fixed(n, 0) }]),
    { label: 'edits sent / s', pick: (d) => perSecond(d, d.result.sent), show: (n) => fixed(n, 0), ratio: true },
    { label: '**throughput**: deliveries / s (one edit reaching one other editor)', pick: throughput, show: (n) => fixed(n, 0), ratio: true },
    {
      label: 'edits of the window delivered to every other editor within 5 s',
      pick: (d) => (100 * d.result.deliveredOfWindow) / Math.max(1, d.result.expectedOfWindow),
      show: (n) => `${fixed(n, 2)} %`,
    },
    { label: '**loss**: updates some editor lacks at the end (after up to 10 s)', pick: (d) => d.missing, show: (n) => `loss: ${fixed(n, 0)}` },
    { label: '**relay latency p50** (ms)', pick: (d) => percentile(d.result.latencies, 50), show: ms, ratio: true },
    { label: '**relay latency p95** (ms)', pick: (d) => percentile(d.result.latencies, 95), show: ms, ratio: true },
    { label: '**relay latency p99** (ms)', pick: (d) => percentile(d.result.latencies, 99), show: ms, ratio: true },
    { label: 'relay latency max (ms)', pick: (d) => percentile(d.result.latencies, 100), show: (n) => fixed(n, 1) },
    { label: 'node to node only: p50 / p95 / p99 (ms)', pick: () => undefined, show: () => '—', text: crossCell },
    {
      label: 'server CPU, each node (% of one core, all threads)',
      pick: () => undefined,
      show: () => '—',
      text: (d) => {
        const shares = nodeShares(d);
        return shares.length > 0 ? shares.map((share) => fixed(100 * share, 0)).join(' + ') : fixed(100 * d.result.serverCpu, 0);
      },
    },
    { label: 'server CPU per edit sent, all nodes (µs)', pick: (d) => (1e6 * d.result.serverCpu * d.result.measureSeconds) / Math.max(1, d.result.sent), show: (n) => fixed(n, 0), ratio: true },
    {
      label: 'edits / s the busiest node could take with a core to itself (extrapolated from its CPU per edit, not measured)',
      pick: (d) => perSecond(d, d.result.sent) / Math.max(1e-9, ...(nodeShares(d).length > 0 ? nodeShares(d) : [d.result.serverCpu])),
      show: (n) => fixed(n, 0),
      ratio: true,
    },
    { label: 'PostgreSQL CPU, all its processes (% of one core)', pick: (d) => 100 * (d.result.meterCpu.postgres ?? Number.NaN), show: percent },
    { label: 'Redis CPU (% of one core)', pick: (d) => 100 * (d.result.meterCpu.redis ?? Number.NaN), show: percent },
    { label: 'load generator (all the editors): CPU (% of one core)', pick: (d) => 100 * d.result.generatorCpu, show: percent },
    { label: 'load generator: event-loop delay p99 (ms)', pick: (d) => d.result.generatorLagP99Ms, show: (n) => fixed(n, 1) },
    { label: `whole machine busy (% of all ${cores} cores)`, pick: (d) => (100 * (d.result.meterCpu.machine ?? Number.NaN)) / cores, show: percent },
  ];
}

function crossCell(d: Done): string {
  const cross = d.result.crossLatencies;
  if (cross.length === 0) return '—';
  return [50, 95, 99].map((p) => ms(percentile(cross, p))).join(' / ');
}

function cell(figures: SetupFigures, row: Row): string {
  if (figures.outcome.kind === 'failed') return `failed: ${figures.outcome.message.replaceAll('|', '/').slice(0, 120)}`;
  if (figures.outcome.kind === 'skipped') return 'skipped';
  const d = figures.outcome.value;
  return row.text ? row.text(d) : row.show(row.pick(d));
}

/** A ratio column: setup `of` against setup `to` (indexes into the table's setups). */
interface Quotient {
  header: string;
  of: number;
  to: number;
}

/** Setups side by side, then the ratio columns. */
function table(setups: SetupFigures[], headers: string[], quotients: Quotient[], cores: number, offered?: number): string {
  const lines = [`| | ${[...headers, ...quotients.map((q) => q.header)].join(' | ')} |`];
  lines.push(`| --- |${' --- |'.repeat(headers.length + quotients.length)}`);
  for (const row of rows(cores, offered)) {
    const cells = setups.map((figures) => cell(figures, row));
    const ratios = quotients.map(({ of, to }) => {
      const a = done(setups[of]);
      const b = done(setups[to]);
      return row.ratio && a && b ? ratio(row.pick(a), row.pick(b)) : '';
    });
    lines.push(`| ${row.label} | ${[...cells, ...ratios].join(' | ')} |`);
  }
  return lines.join('\n');
}

export function relayTable(figures: NodesFigures, cores: number): string {
  const headers = figures.relay.map((setup) => {
    if (setup.kind === 'sqlite') return 'ours, 1 node, SQLite (`ours`)';
    if (setup.kind === 'stock') return 'stock `@y/websocket-server` 0.1.1, in memory (`stock`)';
    return `ours, **${setup.nodes} nodes**, PostgreSQL + Redis`;
  });
  const nodes = figures.relay.at(-1)?.nodes ?? 0;
  return table(figures.relay, headers, [{ header: `${nodes} nodes / SQLite`, of: figures.relay.length - 1, to: 0 }], cores);
}

export function saturationTable(figures: NodesFigures, cores: number, offered: number): string {
  const headers = figures.saturation.map((setup) => {
    if (setup.nodes === 1) return 'ours, 1 node, PostgreSQL + Redis';
    return `ours, **${setup.nodes} nodes**, ${setup.placement === 'spread' ? "each room's editors on both (the issue's load)" : 'each room on one node'}`;
  });
  const quotients = figures.saturation.slice(1).map((setup, i) => ({ header: `${setup.placement === 'spread' ? 'spread' : 'by room'} / 1 node`, of: i + 1, to: 0 }));
  return table(figures.saturation, headers, quotients, cores, offered);
}

export function probesTable(figures: NodesFigures): string {
  const line = (what: string, outcome: NodesFigures['pgCommit']) => {
    if (outcome.kind !== 'done') return `| ${what} | ${outcome.kind === 'failed' ? `failed: ${outcome.message.slice(0, 100)}` : 'skipped'} | | | |`;
    const t: Timing = outcome.value;
    return `| ${what} | ${fixed(t.p50, 3)} | ${fixed(t.p99, 3)} | ${fixed(t.mean, 3)} | ${t.count.toLocaleString('en-US')} |`;
  };
  return [
    '| direct measurement, one at a time (ms) | p50 | p99 | mean | samples |',
    '| --- | --- | --- | --- | --- |',
    line('PostgreSQL commit: `appendUpdates` of a batch of one ~50-byte update (`server/src/pg-storage.ts`, one statement, autocommit)', figures.pgCommit),
    line('Redis hop: `PUBLISH` of an 80-byte message on one ioredis connection until it arrives on another (`SUBSCRIBE`)', figures.redisHop),
  ].join('\n');
}

/** What ran out in a setup: single-threaded processes near a full core, or the whole machine. */
export function saturated(figures: SetupFigures, cores: number, offered: number | undefined): string[] {
  const d = done(figures);
  if (!d) return [];
  const found: string[] = [];
  nodeShares(d).forEach((share, index) => {
    if (share >= SATURATED) found.push(`node ${index + 1} at ${fixed(100 * share, 0)} % of a core`);
  });
  if (d.result.generatorCpu >= SATURATED) found.push(`the load generator at ${fixed(100 * d.result.generatorCpu, 0)} % of a core`);
  const sentRate = perSecond(d, d.result.sent);
  if (offered !== undefined && sentRate < 0.95 * offered) found.push(`the editors sent only ${fixed((100 * sentRate) / offered, 0)} % of the edits offered`);
  const machine = (d.result.meterCpu.machine ?? 0) / cores;
  if (machine >= SATURATED) found.push(`the machine's ${cores} cores busy ${fixed(100 * machine, 0)} % of the time`);
  return found;
}

/** The issue's targets, one line each. */
export function targetsTable(figures: NodesFigures, cores: number, offered: number): string {
  const cluster = figures.relay.find((setup) => setup.kind === 'cluster');
  const relay = done(cluster);
  const crossP99 = relay ? percentile(relay.result.crossLatencies, 99) : undefined;
  const one = done(figures.saturation[0]);
  const many = done(figures.saturation.find((setup) => setup.nodes > 1 && setup.placement === 'spread'));
  const byRoom = done(figures.saturation.find((setup) => setup.nodes > 1 && setup.placement === 'by-room'));
  const scaling = one && many ? throughput(many) / throughput(one) : undefined;
  const limits = figures.saturation.map((setup) => `${label(setup)}: ${saturated(setup, cores, offered).join(', ') || 'nothing near its limit'}`);
  const saturationDone = figures.saturation.map(done);
  const satLoss = saturationDone.map((d) => (d ? fixed(d.missing, 0) : '—')).join(' / ');
  const checks = [
    {
      target: `p99 relay latency from one node to another under ${CROSS_P99_LIMIT_MS} ms (loopback)`,
      result: crossP99 === undefined || Number.isNaN(crossP99) ? 'not measured' : `${ms(crossP99)} ms`,
      met: crossP99 !== undefined && crossP99 < CROSS_P99_LIMIT_MS,
    },
    {
      target: 'no loss: every editor ends with every update',
      result: relay
        ? `loss: ${relay.missing} in the relay phase (${fixed((100 * relay.result.deliveredOfWindow) / Math.max(1, relay.result.expectedOfWindow), 2)} % within 5 s); saturation phase: loss ${satLoss}`
        : 'not measured',
      met: relay !== undefined && relay.missing === 0 && saturationDone.every((d) => !d || d.missing === 0),
    },
    {
      target: `throughput of ${cluster?.nodes ?? 'N'} nodes at least ${SCALING_TARGET}× one node when the load is CPU-bound`,
      result:
        scaling === undefined
          ? 'not measured'
          : `${ratio(many && throughput(many), one && throughput(one))} with each room's editors on both nodes, ` +
            `${ratio(byRoom && throughput(byRoom), one && throughput(one))} with each room on one node (at their limit: ${limits.join('; ')})`,
      met: scaling !== undefined && scaling >= SCALING_TARGET,
    },
  ];
  const lines = ['| target | result | met |', '| --- | --- | --- |'];
  for (const check of checks) lines.push(`| ${check.target} | ${check.result} | ${check.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

