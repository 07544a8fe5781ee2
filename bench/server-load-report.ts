// Turns the two servers' figures into the markdown table and the targets, and writes them into
// the "Server relay" section of docs/benchmarks.md (only between its markers).
import fs from 'node:fs';
import type { HoldResult, LoadResult } from './server-load-clients.ts';
import { percentile } from './server-load-stats.ts';
import type { ServerKind } from './server-load-servers.ts';

export type Outcome<T> = { kind: 'done'; value: T } | { kind: 'failed'; message: string } | { kind: 'skipped' };

export interface LoadFigures {
  rooms: number;
  result: LoadResult;
  rssIdle: number;
  rssAfter: number;
}

export interface HoldFigures {
  rooms: number;
  connections: number;
  holdSeconds: number;
  connectMs: number;
  rssIdle: number;
  rssHeld: number;
  hold: HoldResult;
}

export interface ServerFigures {
  load: Outcome<LoadFigures>;
  hold: Outcome<HoldFigures>;
}

export type Figures = Record<ServerKind, ServerFigures>;

const MB = 1024 * 1024;
const THROUGHPUT_TOLERANCE = 0.99;
const P99_LIMIT = 1.2;

function value<T>(outcome: Outcome<T>): T | undefined {
  return outcome.kind === 'done' ? outcome.value : undefined;
}

function fixed(n: number | undefined, digits = 1): string {
  if (n === undefined || Number.isNaN(n)) return '—';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(ours: number | undefined, stock: number | undefined): string {
  if (ours === undefined || stock === undefined || Number.isNaN(ours) || Number.isNaN(stock) || stock === 0) return '—';
  return `${(ours / stock).toFixed(2)}×`;
}

interface Row {
  phase: 'load' | 'hold';
  label: string;
  pick: (figures: ServerFigures) => number | undefined;
  show: (n: number | undefined) => string;
  ratio: boolean;
}

function loadRow(label: string, pick: (load: LoadFigures) => number, show: Row['show'], withRatio = true): Row {
  const read = (figures: ServerFigures) => {
    const load = value(figures.load);
    return load && pick(load);
  };
  return { phase: 'load', label, pick: read, show, ratio: withRatio };
}

function holdRow(label: string, pick: (hold: HoldFigures) => number, show: Row['show'], withRatio = true): Row {
  const read = (figures: ServerFigures) => {
    const hold = value(figures.hold);
    return hold && pick(hold);
  };
  return { phase: 'hold', label, pick: read, show, ratio: withRatio };
}

const perSecond = (load: LoadFigures, count: number) => count / load.result.measureSeconds;
const latency = (p: number) => (load: LoadFigures) => percentile(load.result.latencies, p);

function rows(figures: Figures): Row[] {
  const sample = value(figures.ours.load) ?? value(figures.stock.load);
  const hold = value(figures.ours.hold) ?? value(figures.stock.hold);
  const perRoom = sample ? sample.result.editors / sample.rooms : 0;
  const connections = hold ? hold.connections : 0;
  return [
    loadRow('edits sent / s (offered load)', (load) => perSecond(load, load.result.sent), (n) => fixed(n, 0)),
    loadRow('**throughput**: deliveries / s (one edit reaching one other client)', (load) => perSecond(load, load.result.receiptsInWindow), (n) => fixed(n, 0)),
    loadRow('edits of the window delivered to every other client by the end', (load) => (100 * load.result.deliveredOfWindow) / Math.max(1, load.result.expectedOfWindow), (n) => `${fixed(n, 2)} %`),
    loadRow('**relay latency p50** (ms)', latency(50), (n) => fixed(n, 2)),
    loadRow('**relay latency p99** (ms)', latency(99), (n) => fixed(n, 2)),
    loadRow('relay latency max (ms)', latency(100), (n) => fixed(n, 1)),
    loadRow('server CPU in the window (% of one core, all threads)', (load) => 100 * load.result.serverCpu, (n) => fixed(n, 0)),
    loadRow(
      `server CPU per edit relayed (µs; applied, stored if ours, sent to the room's other ${perRoom - 1} clients, and back to its sender by stock)`,
      (load) => 1e6 * cpuPerEdit(load),
      (n) => fixed(n, 0),
    ),
    loadRow('edits / s one core could relay at that cost (extrapolated, not measured)', (load) => 1 / Math.max(1e-9, cpuPerEdit(load)), (n) => fixed(n, 0)),
    loadRow('server RSS after the load (MB)', (load) => load.rssAfter / MB, (n) => fixed(n, 1)),
    loadRow(`**memory per room** (${perRoom} editors, after the load; KB)`, (load) => (load.rssAfter - load.rssIdle) / 1024 / load.rooms, (n) => fixed(n, 0)),
    holdRow(`**connections held** for the whole hold (of ${connections.toLocaleString('en-US')})`, (h) => h.hold.minHeld, (n) => fixed(n, 0)),
    holdRow('connection drops during the hold', (h) => h.hold.closes, (n) => fixed(n, 0), false),
    holdRow('rooms relaying an edit to all their clients after the hold', (h) => h.hold.roomsRelayed, (n) => fixed(n, 0), false),
    holdRow(`time to open and sync all connections (s)`, (h) => h.connectMs / 1000, (n) => fixed(n, 1)),
    holdRow(`server RSS with all connections held (MB)`, (h) => h.rssHeld / MB, (n) => fixed(n, 1)),
    holdRow('memory per held connection (KB)', (h) => (h.rssHeld - h.rssIdle) / 1024 / h.connections, (n) => fixed(n, 1)),
    loadRow('load generator: CPU in the window (% of one core)', (load) => 100 * load.result.generatorCpu, (n) => fixed(n, 0), false),
    loadRow('load generator: event-loop delay p99 (ms)', (load) => load.result.generatorLagP99Ms, (n) => fixed(n, 1), false),
  ];
}

function describeFailure(outcome: Outcome<unknown>): string | undefined {
  if (outcome.kind === 'failed') return `failed: ${outcome.message.replaceAll('|', '/').slice(0, 120)}`;
  if (outcome.kind === 'skipped') return 'skipped';
  return undefined;
}

function cell(figures: ServerFigures, row: Row): string {
  const failure = describeFailure(row.phase === 'load' ? figures.load : figures.hold);
  return failure ?? row.show(row.pick(figures));
}

/** The comparison table: ours, stock and ours / stock. */
export function figuresTable(figures: Figures): string {
  const all = rows(figures);
  const lines = [
    '| | ours (SQLite, every update stored before relay) | stock `@y/websocket-server` 0.1.1 (in memory) | ours / stock |',
    '| --- | --- | --- | --- |',
  ];
  for (const row of all) {
    const ours = row.pick(figures.ours);
    const stock = row.pick(figures.stock);
    lines.push(`| ${row.label} | ${cell(figures.ours, row)} | ${cell(figures.stock, row)} | ${row.ratio ? ratio(ours, stock) : ''} |`);
  }
  return lines.join('\n');
}

function cpuPerEdit(load: LoadFigures): number {
  return (load.result.serverCpu * load.result.measureSeconds) / Math.max(1, load.result.sent);
}

/** Whether ours meets the targets, one line each, with the figures behind it. */
export function targetsTable(figures: Figures): { table: string; met: boolean } {
  const ours = value(figures.ours.load);
  const stock = value(figures.stock.load);
  const oursHold = value(figures.ours.hold);
  const throughput = ours && stock ? [ours.result.receiptsInWindow / ours.result.measureSeconds, stock.result.receiptsInWindow / stock.result.measureSeconds] : undefined;
  const p99 = ours && stock ? [percentile(ours.result.latencies, 99), percentile(stock.result.latencies, 99)] : undefined;
  const checks: Array<{ target: string; result: string; met: boolean }> = [
    {
      target: 'throughput at least the stock server’s (within 1 % run-to-run noise)',
      result:
        throughput && ours && stock
          ? `${fixed(throughput[0], 0)} vs ${fixed(throughput[1], 0)} deliveries / s (${ratio(throughput[0], throughput[1])}) at this load; ` +
            `but each edit costs ours ${ratio(cpuPerEdit(ours), cpuPerEdit(stock))} the server CPU, so one core would run out at about ` +
            `${ratio(cpuPerEdit(stock), cpuPerEdit(ours))} the stock server's rate`
          : 'not measured',
      met: throughput !== undefined && (throughput[0] ?? 0) >= THROUGHPUT_TOLERANCE * (throughput[1] ?? Infinity),
    },
    {
      target: `p99 relay latency within ${P99_LIMIT}× the stock server’s`,
      result: p99 ? `${fixed(p99[0], 2)} vs ${fixed(p99[1], 2)} ms (${ratio(p99[0], p99[1])})` : 'not measured',
      met: p99 !== undefined && (p99[0] ?? Infinity) <= P99_LIMIT * (p99[1] ?? 0),
    },
    {
      target: `${oursHold ? oursHold.connections.toLocaleString('en-US') : '2,000'} connections held`,
      result: oursHold ? `${oursHold.hold.minHeld.toLocaleString('en-US')} held for ${oursHold.holdSeconds} s, ${oursHold.hold.closes} drops, ${oursHold.hold.roomsRelayed} / ${oursHold.rooms} rooms relayed after` : 'not measured',
      met: oursHold !== undefined && oursHold.hold.minHeld === oursHold.connections && oursHold.hold.closes === 0,
    },
  ];
  const lines = ['| target | result | met |', '| --- | --- | --- |'];
  for (const check of checks) lines.push(`| ${check.target} | ${check.result} | ${check.met ? 'yes' : '**no**'} |`);
  return { table: lines.join('\n'), met: checks.every((check) => check.met) };
}

/** Where a generated block goes in the benchmarks document: between two markers under a heading. */
export interface DocSection {
  start: string;
  end: string;
  heading: string;
}

const RELAY_SECTION: DocSection = {
  start: '<!-- server-relay:start — written by bench/server-load.ts; keep notes below the end marker -->',
  end: '<!-- server-relay:end -->',
  heading: '## Server relay',
};

/**
 * Puts `generated` into a section (by default "Server relay") of the benchmarks document:
 * between its markers if they are there (text around them stays), else as a new section at the end.
 */
export function writeSection(docPath: string, generated: string, section: DocSection = RELAY_SECTION): void {
  const { start: START, end: END, heading: HEADING } = section;
  const text = fs.existsSync(docPath) ? fs.readFileSync(docPath, 'utf8') : '# Benchmarks\n';
  const block = `${START}\n${generated.trim()}\n${END}`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  let next: string;
  if (start !== -1 && end > start) {
    next = text.slice(0, start) + block + text.slice(end + END.length);
  } else if (text.includes(`\n${HEADING}\n`)) {
    throw new Error(`${docPath} has a "${HEADING}" section without the bench markers; not overwriting it`);
  } else {
    next = `${text.trimEnd()}\n\n${HEADING}\n\n${block}\n`;
  }
  fs.writeFileSync(docPath, next);
}
