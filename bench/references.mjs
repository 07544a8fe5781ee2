// Runs one reference package on one graph, in its own process so that a timeout or a stack
// overflow cannot take the benchmark down. Reads {library, nodeCount, adjacency, limit,
// budgetMs} as JSON on stdin; writes {times, count, cycles?, error?} as JSON on stdout.
// `cycles` are canonical strings: node numbers rotated to start at the lowest, joined by ",".
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const STOP = Symbol('limit reached');

function canonical(nodes) {
  let lowest = 0;
  for (let i = 1; i < nodes.length; i++) if (nodes[i] < nodes[lowest]) lowest = i;
  return [...nodes.slice(lowest), ...nodes.slice(0, lowest)].join(',');
}

// elementary-circuits-directed-graph: adjacency list in, cycles as [v0, ..., vk, v0] out.
// It mutates its input, so every run gets a fresh copy (copying is not timed).
function runElementary(task) {
  const findCircuits = require('elementary-circuits-directed-graph');
  const input = task.adjacency.map((targets) => targets.slice());
  if (task.limit === undefined) return findCircuits(input).map((cycle) => cycle.slice(0, -1));
  const cycles = [];
  try {
    findCircuits(input, (cycle) => {
      if (cycles.length === task.limit) throw STOP;
      cycles.push(cycle.slice(0, -1));
    });
  } catch (error) {
    if (error !== STOP) throw error;
  }
  return cycles;
}

// @antv/algorithm detectAllDirectedCycle: G6 graph data in, cycles as {id: next node} out.
function antvGraph(task) {
  const nodes = task.adjacency.map((_, v) => ({ id: String(v) }));
  const edges = [];
  task.adjacency.forEach((targets, v) => targets.forEach((w) => edges.push({ source: String(v), target: String(w) })));
  return { nodes, edges };
}
function runAntv(task, graph) {
  const { detectAllDirectedCycle } = require('@antv/algorithm/lib/detect-cycle');
  return detectAllDirectedCycle(graph).map((cycle) => {
    const start = Math.min(...Object.keys(cycle).map(Number));
    const nodes = [start];
    for (let v = Number(cycle[start].id); v !== start; v = Number(cycle[v].id)) nodes.push(v);
    return nodes;
  });
}

let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (text += chunk));
process.stdin.on('end', () => {
  const task = JSON.parse(text);
  const graph = task.library === 'antv' ? antvGraph(task) : undefined;
  const times = [];
  let cycles = [];
  let error;
  const began = performance.now();
  try {
    // One warm-up run, then repeat while the budget lasts (at least one timed run).
    for (let run = 0; run < 1 + (task.reps ?? 5); run++) {
      if (task.library === 'elementary') {
        const input = task.adjacency.map((targets) => targets.slice());
        const t = performance.now();
        cycles = runElementary({ ...task, adjacency: input });
        times.push(performance.now() - t);
      } else {
        const t = performance.now();
        cycles = runAntv(task, graph);
        times.push(performance.now() - t);
      }
      if (performance.now() - began > task.budgetMs) break;
    }
  } catch (caught) {
    error = caught instanceof RangeError ? 'stack overflow' : String(caught);
  }
  if (times.length > 1) times.shift(); // drop the warm-up when there is more than one run
  const result = { times, count: cycles.length, error };
  if (task.wantCycles && error === undefined) result.cycles = cycles.map(canonical);
  process.stdout.write(JSON.stringify(result));
});
