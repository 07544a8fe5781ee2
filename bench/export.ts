// Export benchmark: `npx tsx bench/export.ts` (about half a minute; part of `npm run bench`).
// - The SVG of a seeded 1,000-statement / 2,000-link map (statements on a jittered grid, as
//   after Tidy up): renderSvg (wrapping every text and routing every link around statements)
//   against Graphviz `neato -n2 -Tsvg` drawing the same graph at the same positions with
//   straight edges (no routing), in the same run.
// - The PDF report of the dementia fixture (cover, diagram, statements, links, loops table and
//   one page per vicious loop) against Graphviz `dot -Tpdf` drawing just its diagram.
// Times are the median of several runs after warming up, in ms. Targets: SVG under 200 ms,
// PDF under 2 s. LOCAL_SHARE=1 makes every link join near neighbours (default 0.97).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import * as Y from 'yjs';
import { importIntoDoc, parseExportDocument, toExportDocument, type ExportDocument } from '../shared/src/export-document.ts';
import { toDot } from '../shared/src/export/dot.ts';
import { renderSvg } from '../shared/src/export/svg.ts';
import { addLink } from '../shared/src/link.ts';
import { analyseMap, readLoopNotes, toExportLoop } from '../shared/src/loop.ts';
import { addStatement } from '../shared/src/statement.ts';
import { buildReport } from '../server/src/report.ts';
import { seededRandom } from './generate.ts';

const LOCAL_SHARE = Number(process.env.LOCAL_SHARE ?? 0.97);
const WORDS = 'memory mood daughter carer sleep pain visits nurse appointments medication withdrawn contacts decline support group clinic falls appetite'.split(' ');

function bigMap(statements: number, links: number): ExportDocument {
  const random = seededRandom(7);
  const doc = new Y.Doc();
  const author = { name: 'Bench' };
  const ids: string[] = [];
  const columns = Math.ceil(Math.sqrt(statements) * 1.4);
  for (let i = 0; i < statements; i++) {
    const words = Array.from({ length: 4 + Math.floor(random() * 9) }, () => WORDS[Math.floor(random() * WORDS.length)]);
    const x = (i % columns) * 320 + Math.floor(random() * 40);
    const y = Math.floor(i / columns) * 200 + Math.floor(random() * 40);
    ids.push(addStatement(doc, { text: `Mrs A: ${words.join(' ')}`, x, y, valence: random() < 0.4 ? 'negative' : 'neutral' }, author));
  }
  let made = 0;
  while (made < links) {
    const from = Math.floor(random() * statements);
    // As on a tidied map: mostly to a statement in the next columns or rows (on the same side of
    // the map: the next column of the last one is not the first of the next row), a few far away.
    const column = Math.min(columns - 1, (from % columns) + Math.floor(random() * 3));
    const row = Math.floor(from / columns) + Math.floor(random() * 3 - 1);
    const near = Math.max(0, row) * columns + column;
    const to = random() < LOCAL_SHARE ? Math.min(statements - 1, near) : Math.floor(random() * statements);
    const result = addLink(doc, { from: ids[from]!, to: ids[to]!, polarity: random() < 0.3 ? '-' : '+' }, author);
    if (result.ok) made++;
  }
  return toExportDocument(doc, analyseMap(doc, { maxLoops: 200 }).loops.map(toExportLoop));
}

function median(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(runs: number, work: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The same graph for Graphviz, with the statements pinned where the map has them. */
function pinnedDot(document: ExportDocument): string {
  return toDot(document).replace(/^(\s*)(s\d+) \[/gm, (whole, indent: string, node: string) => {
    const statement = document.statements.find((s) => `s${s.number}` === node);
    return statement ? `${indent}${node} [pos="${statement.x / 72},${-statement.y / 72}!", ` : whole;
  });
}

function graphviz(command: string, args: string[], input: string): number {
  const start = performance.now();
  execFileSync(command, args, { input, maxBuffer: 1 << 28 });
  return performance.now() - start;
}

const big = bigMap(1000, 2000);
// Warmed up first, as in a server that has made a few exports: the first runs include compiling.
const coldSvgMs = await timed(1, () => renderSvg(big));
await timed(15, () => renderSvg(big));
const svgMs = await timed(9, () => renderSvg(big));
const svgBytes = renderSvg(big).svg.length;
const dotInput = pinnedDot(big);
let neatoMs: number | null = null;
try {
  graphviz('neato', ['-n2', '-Tsvg'], dotInput);
  neatoMs = median([0, 1, 2].map(() => graphviz('neato', ['-n2', '-Tsvg'], dotInput)));
} catch {
  neatoMs = null;
}

const parsed = parseExportDocument(JSON.parse(readFileSync(new URL('../tests/fixtures/dementia-case.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error(parsed.message);
const doc = new Y.Doc();
importIntoDoc(doc, parsed.document);
const dementia = toExportDocument(doc, analyseMap(doc).loops.map(toExportLoop));
const notes = readLoopNotes(doc);
const report = () => buildReport({ document: dementia, notes, now: new Date(), paper: 'A4' });
const firstPdfMs = await timed(1, report);
const pdfMs = await timed(5, report);
let dotPdfMs: number | null = null;
try {
  dotPdfMs = median([0, 1, 2].map(() => graphviz('dot', ['-Tpdf'], toDot(dementia))));
} catch {
  dotPdfMs = null;
}

const ratio = (ours: number, theirs: number | null) => (theirs === null ? 'Graphviz not installed' : `${(theirs / ours).toFixed(2)}× (Graphviz ${theirs.toFixed(0)} ms)`);
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}`);
console.log('| export | ours (median) | target | reference in the same run: speed ratio |');
console.log('| --- | --- | --- | --- |');
console.log(`| SVG, 1,000 statements / 2,000 links (${(svgBytes / 1024).toFixed(0)} KB) | ${svgMs.toFixed(0)} ms (first run: ${coldSvgMs.toFixed(0)} ms) | < 200 ms | neato -n2 -Tsvg, same positions, straight edges: ${ratio(svgMs, neatoMs)} |`);
console.log(`| PDF report, dementia case (6 pages) | ${pdfMs.toFixed(0)} ms (first, loading fonts: ${firstPdfMs.toFixed(0)} ms) | < 2,000 ms | dot -Tpdf, the diagram only: ${ratio(pdfMs, dotPdfMs)} |`);
