import { findCycles } from './cycles.js';
import { buildLoopGraph, type LoopGraph } from './graph.js';
import { compareLoops, nameLoops } from './labels.js';
import { createSccWork, stronglyConnected } from './scc.js';
import type {
  AnalyseOptions,
  AnalysisInput,
  Loop,
  LoopAnalysis,
  LoopCharacter,
  LoopNote,
} from './types.js';

export { assignLabels } from './labels.js';
export type {
  AnalyseOptions,
  AnalysisInput,
  AnalysisLink,
  AnalysisStatement,
  Loop,
  LoopAnalysis,
  LoopCharacter,
  LoopNote,
  LoopPolarity,
  Polarity,
  Valence,
} from './types.js';

/** Enumeration stops after this many loops unless told otherwise (SPEC §2 bounds). */
export const DEFAULT_MAX_LOOPS = 10_000;

function isCharacter(value: unknown): value is LoopCharacter {
  return value === 'vicious' || value === 'virtuous' || value === 'unclassified';
}

/** Turns the cycles Johnson's search finds into loops (names are filled in after sorting). */
class LoopCollector {
  readonly loops: Loop[] = [];
  private readonly hasNotes: boolean;

  constructor(
    private readonly graph: LoopGraph,
    private readonly notes: Record<string, LoopNote>,
  ) {
    this.hasNotes = Object.keys(notes).length > 0;
  }

  readonly visit = (nodes: Int32Array, edges: Int32Array, length: number): void => {
    const { statements, edgeLinks } = this.graph;
    const statementIds = new Array<string>(length);
    const numbers = new Array<number>(length);
    const linkIds = new Array<string>(length);
    // Display order starts at the lowest number, i.e. the lowest node (nodes are in number order).
    let first = 0;
    for (let i = 1; i < length; i++) if (nodes[i]! < nodes[first]!) first = i;
    let smallest = 0; // display position of the smallest id: where the key starts
    let smallestId = '';
    let minusLinks = 0;
    let negative = false;
    let positive = false;
    let closing = edgeLinks[edges[0]!]!;
    for (let i = 0; i < length; i++) {
      const at = first + i < length ? first + i : first + i - length;
      const node = nodes[at]!;
      const statement = statements[node]!;
      const link = edgeLinks[edges[at]!]!;
      statementIds[i] = statement.id;
      numbers[i] = statement.number;
      linkIds[i] = link.id;
      if (i === 0 || statement.id < smallestId) {
        smallestId = statement.id;
        smallest = i;
      }
      if (statement.valence === 'negative') negative = true;
      else if (statement.valence === 'positive') positive = true;
      if (link.polarity === '-') minusLinks++;
      // The latest link closed the loop; equal times fall to the larger id, to stay deterministic.
      if (link.createdAt > closing.createdAt || (link.createdAt === closing.createdAt && link.id > closing.id)) {
        closing = link;
      }
    }
    const rotated = new Array<string>(length);
    for (let i = 0; i < length; i++) rotated[i] = statementIds[(smallest + i) % length]!;
    const key = rotated.join('>');

    const polarity = minusLinks % 2 === 0 ? 'reinforcing' : 'balancing';
    let character: LoopCharacter | null = null;
    if (polarity === 'reinforcing') {
      character = negative && !positive ? 'vicious' : positive && !negative ? 'virtuous' : 'unclassified';
    }
    const note = this.hasNotes && Object.hasOwn(this.notes, key) ? this.notes[key] : undefined;
    if (isCharacter(note?.character)) character = note.character;

    const loop: Loop = {
      name: '',
      provisional: true,
      key,
      statements: numbers,
      statementIds,
      linkIds,
      polarity,
      character,
      closedAt: closing.createdAt,
      closedBy: closing.createdBy,
    };
    if (typeof note?.title === 'string') loop.title = note.title;
    if (typeof note?.note === 'string') loop.note = note.note;
    this.loops.push(loop);
  };
}

/**
 * Finds the map's loops (SPEC §2): live statements and links only, deterministic, listed by
 * closedAt then key, named by the server's labels or provisionally, bounded by maxLoops.
 * Example: analyseLoops(input).loops.map(loopChain) -> ['1 → 2 → 3 → 1'].
 * Call it again after every edit: a 1,000-statement map takes about 2 ms (docs/benchmarks.md),
 * and the result depends only on the map, never on the order of edits (which also keeps a
 * truncated list the same on every peer). Only the research record, which replays thousands of
 * edits, follows loops edit by edit (history-loops.ts).
 */
export function analyseLoops(input: AnalysisInput, options: AnalyseOptions = {}): LoopAnalysis {
  const requested = options.maxLoops ?? DEFAULT_MAX_LOOPS;
  const maxLoops = Number.isNaN(requested) ? DEFAULT_MAX_LOOPS : Math.max(0, Math.floor(requested));
  const graph = buildLoopGraph(input);
  const { offsets, targets, edgeLinks, statements } = graph;
  const nodeCount = statements.length;

  // Which statements and links lie on some loop follows from the components alone.
  const everyNode = new Int32Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) everyNode[v] = v;
  const components = stronglyConnected(graph, everyNode, new Int32Array(nodeCount), 0, createSccWork(nodeCount));
  const componentOf = new Int32Array(nodeCount).fill(-1);
  components.forEach((component, c) => component.forEach((v) => (componentOf[v] = c)));
  const onLoopStatements = new Set<string>();
  const onLoopLinks = new Set<string>();
  for (const component of components) {
    for (const v of component) {
      onLoopStatements.add(statements[v]!.id);
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        if (componentOf[targets[e]!] === componentOf[v]) onLoopLinks.add(edgeLinks[e]!.id);
      }
    }
  }

  const collector = new LoopCollector(graph, input.loopNotes ?? {});
  const truncated = findCycles(graph, components, maxLoops, collector.visit);
  const loops = collector.loops.sort(compareLoops);
  const names = nameLoops(loops, input.labels ?? {});
  const counts = { reinforcing: 0, balancing: 0, vicious: 0, virtuous: 0 };
  for (let i = 0; i < loops.length; i++) {
    const loop = loops[i]!;
    const name = names[i]!;
    loop.name = name.name;
    loop.provisional = name.provisional;
    counts[loop.polarity]++;
    if (loop.character === 'vicious' || loop.character === 'virtuous') counts[loop.character]++;
  }
  return { loops, truncated, onLoopStatements, onLoopLinks, counts };
}

/** The loop as people read it: its statement numbers from the lowest, e.g. "3 → 7 → 12 → 3". */
export function loopChain(loop: Pick<Loop, 'statements'>): string {
  const first = loop.statements[0];
  return first === undefined ? '' : [...loop.statements, first].join(' → ');
}
