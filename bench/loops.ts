// Loop analysis benchmark: `npx tsx bench/loops.ts` (about a minute on 2 cores).
// Times our full analysis and the recompute after one added link on generated maps, runs the
// two npm packages people use for this on the same graphs (each in a child process with a
// time cap), and checks every loop set against a brute-force enumerator and networkx.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildLoopGraph } from '../shared/src/analysis/graph.ts';
import { findCycles } from '../shared/src/analysis/cycles.ts';
import { analyseLoops } from '../shared/src/analysis/loops.ts';
import { createSccWork, stronglyConnected } from '../shared/src/analysis/scc.ts';
import type { AnalysisInput, AnalysisLink, LoopAnalysis } from '../shared/src/analysis/types.ts';
import { bruteForceCycles } from './brute-force.ts';
import { completeMap, forwardMap, ring, seededRandom, twoWayChain } from './generate.ts';

const REFERENCE_CAP_MS = 5_000;
const NETWORKX_CAP_MS = 20_000;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Case {
  name: string;
  input: AnalysisInput;
  reps: number;
  maxLoops?: number;
  /** span of the random added links for the "one edit" timing; undefined: no edit possible */
  editSpan?: number;
  bruteForce: boolean;
  networkx: boolean;
  /** also ask elementary-circuits for the first N cycles only (through its callback) */
  referenceLimit?: number;
}

const cases: Case[] = [
  { name: '100 statements / 300 links', input: forwardMap(1, 100, 300, 30, 10), reps: 21, editSpan: 10, bruteForce: true, networkx: true },
  { name: '1,000 / 3,000 sparse', input: forwardMap(2, 1000, 3000, 150, 8), reps: 21, editSpan: 8, bruteForce: true, networkx: true },
  { name: '1,000 / 3,000 loop-heavy (maxLoops 20,000)', input: forwardMap(42, 1000, 3000, 200, 10), reps: 9, maxLoops: 20_000, editSpan: 10, bruteForce: true, networkx: true },
  { name: '1,000-statement two-way chain', input: twoWayChain(3, 1000), reps: 21, editSpan: 3, bruteForce: true, networkx: true },
  { name: '10,000-statement ring', input: ring(6, 10_000), reps: 9, editSpan: 10, bruteForce: true, networkx: true },
  { name: '100,000-statement ring', input: ring(4, 100_000), reps: 5, editSpan: 10, bruteForce: false, networkx: true },
  { name: 'dense: 50 statements, all 2,450 links', input: completeMap(5, 50), reps: 9, bruteForce: false, networkx: false, referenceLimit: 10_000 },
];

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? NaN;
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function timeRuns<T>(reps: number, run: (rep: number) => T): { median: number; max: number; last: T } {
  run(0); // warm-up
  const times: number[] = [];
  let last = run(0);
  for (let rep = 0; rep < reps; rep++) {
    const began = performance.now();
    last = run(rep);
    times.push(performance.now() - began);
  }
  return { median: median(times), max: Math.max(...times), last };
}

/** Random new links between nearby statements, each one edit on top of the map. */
function edits(input: AnalysisInput, count: number, span: number, seed: number): AnalysisInput[] {
  const random = seededRandom(seed);
  const live = input.statements.filter((statement) => !statement.deleted);
  const linked = new Set(input.links.filter((link) => !link.deleted).map((link) => `${link.from} ${link.to}`));
  const latest = Math.max(...input.links.map((link) => link.createdAt));
  const result: AnalysisInput[] = [];
  while (result.length < count) {
    const from = Math.floor(random() * live.length);
    const to = (from + live.length + Math.floor(random() * (2 * span + 1)) - span) % live.length;
    const pair = `${live[from]!.id} ${live[to]!.id}`;
    if (from === to || linked.has(pair)) continue;
    const link: AnalysisLink = {
      id: `edit-${result.length}`, from: live[from]!.id, to: live[to]!.id, polarity: random() < 0.25 ? '-' : '+',
      createdAt: latest + 1000, createdBy: 'Ana (nurse)', deleted: false,
    };
    result.push({ ...input, links: [...input.links, link] });
  }
  return result;
}

/** Our loops as canonical strings over the graph's node numbers (display order starts lowest). */
function ourCycles(analysis: LoopAnalysis, nodeOf: Map<string, number>): string[] {
  return analysis.loops.map((loop) => loop.statementIds.map((id) => nodeOf.get(id)).join(','));
}

function compare(found: string[], ours: Set<string>): { equal: boolean; missing: number; extra: number } {
  const theirs = new Set(found);
  let missing = 0;
  for (const cycle of ours) if (!theirs.has(cycle)) missing++;
  const extra = theirs.size - (ours.size - missing) + (found.length - theirs.size);
  return { equal: missing === 0 && extra === 0, missing, extra };
}

interface ReferenceResult { times: number[]; count: number; cycles?: string[]; error?: string }

/** Our cycle search alone (components + Johnson, cycles copied out as arrays), as the packages do. */
function searchOnly(input: AnalysisInput, maxLoops: number): number[][] {
  const graph = buildLoopGraph(input);
  const count = graph.statements.length;
  const everyNode = Int32Array.from({ length: count }, (_, v) => v);
  const components = stronglyConnected(graph, everyNode, new Int32Array(count), 0, createSccWork(count));
  const cycles: number[][] = [];
  findCycles(graph, components, maxLoops, (nodes, _edges, length) => {
    const cycle = new Array<number>(length);
    for (let i = 0; i < length; i++) cycle[i] = nodes[i]!;
    cycles.push(cycle);
  });
  return cycles;
}

function runReference(library: 'elementary' | 'antv', adjacency: number[][], limit?: number): ReferenceResult {
  const task = { library, adjacency, limit, reps: 5, budgetMs: 2_000, wantCycles: true };
  const child = spawnSync(process.execPath, [here('./references.mjs')], {
    input: JSON.stringify(task), timeout: REFERENCE_CAP_MS, maxBuffer: 1 << 30, encoding: 'utf8',
  });
  if (child.error !== undefined || child.signal !== null) return { times: [], count: 0, error: `timeout (>${REFERENCE_CAP_MS / 1000} s)` };
  if (child.status !== 0) return { times: [], count: 0, error: /Maximum call stack/.test(child.stderr) ? 'stack overflow' : `crashed (${child.status})` };
  return JSON.parse(child.stdout) as ReferenceResult;
}

function describeReference(result: ReferenceResult, ours: Set<string>, limit?: number): { cell: string; correct: boolean; median: number } {
  if (result.error !== undefined) return { cell: result.error, correct: false, median: Infinity };
  const time = median(result.times);
  const check = result.cycles === undefined ? undefined : compare(result.cycles, ours);
  if (limit !== undefined) return { cell: `first ${result.count.toLocaleString('en')} through its callback: ${ms(time)} ms`, correct: false, median: time };
  const verdict = check?.equal === true ? 'all found' : `missing ${check?.missing ?? '?'}${check?.extra ? `, ${check.extra} wrong` : ''}`;
  return { cell: `${ms(time)} ms, ${result.count.toLocaleString('en')} (${verdict})`, correct: check?.equal === true, median: time };
}

const hasNetworkx = spawnSync('python3', ['-c', 'import networkx'], { encoding: 'utf8' }).status === 0;
const rows: string[] = [];
let disagreements = 0;
const started = performance.now();

for (const benchCase of cases) {
  const { input } = benchCase;
  const graph = buildLoopGraph(input);
  const adjacency = Array.from({ length: graph.statements.length }, (_, v) =>
    Array.from(graph.targets.subarray(graph.offsets[v]!, graph.offsets[v + 1]!)));
  const nodeOf = new Map(graph.statements.map((statement, v) => [statement.id, v]));

  const maxLoops = benchCase.maxLoops ?? 10_000;
  const full = timeRuns(benchCase.reps, () => analyseLoops(input, { maxLoops }));
  const analysis = full.last;
  const search = timeRuns(benchCase.reps, () => searchOnly(input, maxLoops));
  const ours = new Set(ourCycles(analysis, nodeOf));
  let editCell = 'n/a (every pair is linked)';
  if (benchCase.editSpan !== undefined) {
    const edited = edits(input, benchCase.reps + 1, benchCase.editSpan, 99);
    const loopCounts: number[] = [];
    const recompute = timeRuns(benchCase.reps, (rep) => {
      const result = analyseLoops(edited[rep]!, { maxLoops });
      loopCounts[rep] = result.loops.length;
      return result;
    });
    editCell = `${ms(recompute.median)} (max ${ms(recompute.max)}; loops after: median ${median(loopCounts).toLocaleString('en')}, max ${Math.max(...loopCounts).toLocaleString('en')})`;
  }

  const checks: string[] = [];
  if (benchCase.bruteForce) {
    const brute = bruteForceCycles(adjacency);
    const equal = brute !== undefined && compare(brute, ours).equal && !analysis.truncated;
    checks.push(brute === undefined ? 'brute force: too many paths' : `brute force ${equal ? '✓' : '✗'}`);
    if (brute !== undefined && !equal) disagreements++;
  }

  let networkxCell = hasNetworkx ? 'not enumerable' : 'networkx not installed';
  if (hasNetworkx && benchCase.networkx) {
    const child = spawnSync('python3', [here('./networkx_cycles.py')], {
      input: JSON.stringify({ nodeCount: adjacency.length, adjacency }), timeout: NETWORKX_CAP_MS, maxBuffer: 1 << 28, encoding: 'utf8',
    });
    if (child.status === 0) {
      const result = JSON.parse(child.stdout) as { seconds: number; count: number; sha256: string };
      const digest = createHash('sha256').update([...ours].sort().join('\n')).digest('hex');
      const same = digest === result.sha256 && !analysis.truncated;
      if (!same) disagreements++;
      checks.push(`networkx ${same ? '✓' : '✗'}`);
      networkxCell = `${ms(result.seconds * 1000)} ms, ${result.count.toLocaleString('en')}`;
    } else networkxCell = child.signal !== null ? `timeout (>${NETWORKX_CAP_MS / 1000} s)` : 'failed';
  }

  const elementary = describeReference(runReference('elementary', adjacency), ours);
  if (benchCase.referenceLimit !== undefined) {
    const limited = runReference('elementary', adjacency, benchCase.referenceLimit);
    elementary.cell += `; ${describeReference(limited, ours, benchCase.referenceLimit).cell}`;
  }
  const antv = describeReference(runReference('antv', adjacency), ours);
  const correct = [elementary, antv].filter((reference) => reference.correct).map((reference) => reference.median);
  const speedup = correct.length > 0 ? `${(Math.min(...correct) / full.median).toFixed(1)}×`
    : [elementary, antv].every((reference) => reference.cell.startsWith('timeout')) ? `> ${Math.floor(REFERENCE_CAP_MS / full.median)}× (neither finished)`
    : [elementary, antv].every((reference) => reference.median === Infinity) ? 'neither package answers'
    : 'no correct package';

  const loops = `${analysis.loops.length.toLocaleString('en')}${analysis.truncated ? ' (truncated)' : ''}`;
  const size = `${graph.statements.length.toLocaleString('en')} / ${graph.edgeLinks.length.toLocaleString('en')}`;
  rows.push(`| ${benchCase.name} | ${size} | ${loops} | ${ms(full.median)} | ${editCell} | ${ms(search.median)} | ${elementary.cell} | ${antv.cell} | ${networkxCell} | ${speedup} | ${checks.join(', ') || '—'} |`);
  console.error(`done: ${benchCase.name} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

console.log(`Command: \`npx tsx bench/loops.ts\` · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · ${new Date().toISOString().slice(0, 10)}`);
console.log('Times in ms: medians of several warm runs; for the added link, the max over the different edits and how many loops the edited maps have. Package cells: median time, loops found (checked against ours). Packages run in a child process capped at 5 s.\n');
console.log('| map | statements / live links | loops (ours) | ours: full analysis | ours: recompute after one added link | ours: loop search only | elementary-circuits-directed-graph | @antv/algorithm detectAllDirectedCycle | networkx simple_cycles (Python) | speed-up vs faster correct package | our loops checked against |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(`\n${disagreements === 0 ? 'Our loops equal brute force and networkx on every map checked.' : `${disagreements} disagreement(s) with brute force or networkx!`}`);
console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s.`);
if (disagreements > 0) process.exitCode = 1;
