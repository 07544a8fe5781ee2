// Layout benchmark: `npx tsx bench/layout.ts` (about two minutes on 2 cores).
// Times "Tidy up" (ELK layered through our tidyLayout) on generated maps against @dagrejs/dagre
// laying out the same graphs with the same spacing, checks both results for overlapping
// statements, times "Arrange loop" on the tidied maps and the free-space search on the tidied
// 300-statement map.
import { cpus } from 'node:os';
import dagre from '@dagrejs/dagre';
import elkjs from 'elkjs/lib/elk.bundled.js';
import { boxesOverlap, boundsOf, centreOf, inflate, polylineCrossesBox, type Box, type Point, type StatementBox } from '../shared/src/geometry/box.ts';
import { analyseLoops } from '../shared/src/analysis/loops.ts';
import type { AnalysisInput } from '../shared/src/analysis/types.ts';
import { arrangeLoopLayout } from '../shared/src/layout/arrange-loop.ts';
import { findFreeSpot } from '../shared/src/layout/free-space.ts';
import { tidyLayout } from '../shared/src/layout/tidy.ts';
import type { ElkEngine, LayoutInput, Positions } from '../shared/src/layout/types.ts';
import { forwardMap, seededRandom } from './generate.ts';

const elk: ElkEngine = new elkjs.default();
const RUNS = 5;

interface Case {
  name: string;
  input: LayoutInput;
  analysis: AnalysisInput;
  /** also time Arrange loop on the tidied map */
  arrange: boolean;
}

/** A generated map (causes mostly before effects, some loops) with boxes strewn over an area. */
function layoutMap(name: string, seed: number, statements: number, links: number, pinEvery = 0): Case {
  const analysis = forwardMap(seed, statements, links, Math.round(links / 20), 10);
  const random = seededRandom(seed + 1000);
  const side = Math.sqrt(statements) * 300;
  const input: LayoutInput = {
    statements: analysis.statements.filter((s) => !s.deleted).map((s, i) => ({
      id: s.id, x: Math.round(random() * side), y: Math.round(random() * side), width: 220, height: random() < 0.3 ? 96 : 72,
      pinned: pinEvery > 0 && i % pinEvery === 0,
    })),
    links: analysis.links.filter((l) => !l.deleted).map((l) => ({ id: l.id, from: l.from, to: l.to })),
  };
  return { name, input, analysis, arrange: pinEvery === 0 };
}

const cases: Case[] = [
  layoutMap('100 / 200', 11, 100, 200),
  layoutMap('300 / 600', 12, 300, 600),
  layoutMap('300 / 600, every 10th pinned', 12, 300, 600, 10),
  layoutMap('1,000 / 2,000', 13, 1000, 2000),
];

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? NaN;
}

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));

async function timeRuns<T>(run: () => T | Promise<T>): Promise<{ median: number; last: T }> {
  let last = await run(); // warm-up
  const times: number[] = [];
  for (let rep = 0; rep < RUNS; rep++) {
    const began = performance.now();
    last = await run();
    times.push(performance.now() - began);
  }
  return { median: median(times), last };
}

/** dagre on the same graph: same node sizes and spacing, arrows left to right. */
function dagreLayout(input: LayoutInput): StatementBox[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 60, ranksep: 100, edgesep: 30 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const s of input.statements) graph.setNode(s.id, { width: s.width, height: s.height });
  for (const link of input.links) if (link.from !== link.to) graph.setEdge(link.from, link.to);
  dagre.layout(graph);
  return input.statements.map((s) => {
    const node = graph.node(s.id);
    return { id: s.id, x: node.x - s.width / 2, y: node.y - s.height / 2, width: s.width, height: s.height };
  });
}

const placed = (input: LayoutInput, positions: Positions): StatementBox[] =>
  input.statements.map((s) => ({ id: s.id, width: s.width, height: s.height, ...(positions.get(s.id) ?? { x: s.x, y: s.y }) }));

/** Pairs of boxes that overlap (margin 0) or come within `margin`; pairs of pinned ones do not count. */
function overlaps(boxes: readonly StatementBox[], margin = 0, pinned: ReadonlySet<string> = new Set()): number {
  const sorted = boxes.slice().sort((a, b) => a.x - b.x);
  let count = 0;
  for (let i = 0; i < sorted.length; i++) {
    const grown = inflate(sorted[i]!, margin);
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < grown.x + grown.width; j++) {
      if (boxesOverlap(grown, sorted[j]!) && !(pinned.has(sorted[i]!.id) && pinned.has(sorted[j]!.id))) count++;
    }
  }
  return count;
}

/** Share of links whose arrow runs left to right. */
function forwardShare(input: LayoutInput, boxes: readonly StatementBox[]): number {
  const centres = new Map(boxes.map((box) => [box.id, centreOf(box)]));
  const links = input.links.filter((link) => link.from !== link.to);
  return links.filter((link) => centres.get(link.to)!.x > centres.get(link.from)!.x).length / links.length;
}

const area = (boxes: readonly Box[]) => {
  const bounds = boundsOf(boxes)!;
  return `${Math.round(bounds.width).toLocaleString('en')} × ${Math.round(bounds.height).toLocaleString('en')}`;
};

const rows: string[] = [];
const arrangeRows: string[] = [];
let problems = 0;
let tidied300: StatementBox[] = [];
for (const { name, input, analysis, arrange } of cases) {
  // As the app does it: wrapped to a 16:10 canvas.
  const ours = await timeRuns(() => tidyLayout(elk, input, { direction: 'RIGHT', aspectRatio: 1.6 }));
  const reference = await timeRuns(() => dagreLayout(input));
  const boxes = placed(input, ours.last);
  if (name === '300 / 600') tidied300 = boxes;
  const pinned = new Set(input.statements.filter((s) => s.pinned).map((s) => s.id));
  const pinsMoved = [...ours.last.keys()].filter((id) => pinned.has(id)).length;
  // Pinned statements were strewn at random and may overlap each other; that is the team's doing.
  const ourOverlaps = overlaps(boxes, 0, pinned);
  problems += ourOverlaps + pinsMoved;
  rows.push(`| ${name} | ${ms(ours.median)} | ${ms(reference.median)} | ${(ours.median / reference.median).toFixed(2)}× | ${ourOverlaps} (within 24 px: ${overlaps(boxes, 24, pinned)})${pinned.size > 0 ? `; pins moved: ${pinsMoved}` : ''} | ${overlaps(reference.last)} | ${Math.round(100 * forwardShare(input, boxes))} % / ${Math.round(100 * forwardShare(input, reference.last))} % | ${area(boxes)} / ${area(reference.last)} |`);
  if (arrange) {
    // Arrange loop on the tidied map: the longest of the first 1,000 loops, as a team would pick.
    const tidied = { ...input, statements: input.statements.map((s) => ({ ...s, ...(ours.last.get(s.id) ?? {}) })) };
    const loop = analyseLoops(analysis, { maxLoops: 1000 }).loops.reduce((best, l) => (l.statements.length > best.statements.length ? l : best));
    const arranged = await timeRuns(() => arrangeLoopLayout(elk, tidied, [loop.statementIds]));
    const arrangedOverlaps = overlaps(placed(tidied, arranged.last));
    problems += arrangedOverlaps;
    arrangeRows.push(`| ${name} | ${loop.statements.length} | ${ms(arranged.median)} | ${arranged.last.size} | ${arrangedOverlaps} |`);
  }
  console.error(`done: ${name}`);
}

// Free-space search on the tidied 300-statement map, links drawn straight between centres, at
// seeded places inside the map (most of them on or near a statement).
const centres = new Map(tidied300.map((box) => [box.id, centreOf(box)]));
const lines: Point[][] = cases[1]!.input.links.map((link) => [centres.get(link.from)!, centres.get(link.to)!]);
const bounds = boundsOf(tidied300)!;
const random = seededRandom(5);
const queries = Array.from({ length: 200 }, () => ({ x: bounds.x + random() * bounds.width, y: bounds.y + random() * bounds.height }));
const size = { width: 220, height: 72 };
const times: number[] = [];
let spotsBad = 0;
let farthest = 0;
for (const near of queries) {
  const began = performance.now();
  const spot = findFreeSpot(tidied300, lines, size, near);
  times.push(performance.now() - began);
  const grown = inflate({ ...spot, ...size }, 24);
  if (tidied300.some((box) => boxesOverlap(grown, box)) || lines.some((line) => polylineCrossesBox(line, grown))) spotsBad++;
  farthest = Math.max(farthest, Math.hypot(spot.x - near.x, spot.y - near.y));
}
problems += spotsBad;

console.log(`Command: \`npx tsx bench/layout.ts\` · Node ${process.version} · ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'} · ${new Date().toISOString().slice(0, 10)}`);
console.log(`Tidy up (direction RIGHT) with ELK layered in this thread vs @dagrejs/dagre (rankdir LR, same spacing); median of ${RUNS} warm runs, ms.\n`);
console.log('| map (statements / links) | tidyLayout (ELK) | dagre | ELK / dagre | overlapping pairs (ours) | overlapping pairs (dagre) | arrows left to right (ours / dagre) | size in px (ours / dagre) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(`\nArrange loop (arrangeLoopLayout) on the tidied maps, median of ${RUNS} warm runs:\n`);
console.log('| map | statements on the loop | ms | statements moved | overlapping pairs |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of arrangeRows) console.log(row);
console.log(`\nfindFreeSpot on the tidied 300-statement map (${lines.length} straight links), ${queries.length} seeded places: median ${ms(median(times))} ms, max ${ms(Math.max(...times))} ms; farthest move ${Math.round(farthest)} px; ${spotsBad} spots on a statement or link.`);
console.log(problems === 0 ? 'No overlaps, no pinned statement moved, every free spot free.' : `${problems} problem(s)!`);
if (problems > 0) process.exitCode = 1;
