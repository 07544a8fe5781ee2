// Seeded generators of maps for the loop benchmark. Every map is an `AnalysisInput`, as the
// Yjs reader would produce it, including some deleted statements and links and duplicates.
import { mulberry32 } from '../tests/unit/helpers/random.ts';
import type { AnalysisInput, AnalysisLink, AnalysisStatement, Valence } from '../shared/src/analysis/types.ts';

/** mulberry32: a tiny seeded PRNG, so every run benchmarks the same maps. */
export const seededRandom = mulberry32;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
const PEOPLE = ['Ana (nurse)', 'Ben (GP)', 'Chloe (social worker)', 'Dev (OT)'];
const VALENCES: Valence[] = ['negative', 'neutral', 'positive'];
const T0 = 1_763_715_600_000;

/** Builds maps link by link with nanoid-like ids, so id order differs from number order. */
export class MapBuilder {
  readonly statements: AnalysisStatement[] = [];
  readonly links: AnalysisLink[] = [];
  private readonly pairs = new Set<number>();
  private clock = T0;

  constructor(readonly random: () => number) {}

  /** A 21-character id; built with join so it is a flat string, like ids decoded by Yjs. */
  private id(): string {
    const chars: string[] = [];
    for (let i = 0; i < 21; i++) chars.push(ALPHABET[Math.floor(this.random() * ALPHABET.length)] ?? '_');
    return chars.join('');
  }

  /** Adds `count` statements with random valences; returns their ids by number. */
  addStatements(count: number): string[] {
    for (let i = 0; i < count; i++) {
      const valence = VALENCES[Math.floor(this.random() * 3)] ?? 'neutral';
      this.statements.push({ id: this.id(), number: this.statements.length + 1, valence, deleted: false });
    }
    return this.statements.map((statement) => statement.id);
  }

  /** Adds a link between statements by index (0-based), unless that pair is linked already. */
  link(from: number, to: number, minusShare = 0.25, deleted = false): AnalysisLink | undefined {
    const pair = from * 1_000_003 + to;
    if (from === to || (!deleted && this.pairs.has(pair))) return undefined;
    if (!deleted) this.pairs.add(pair);
    this.clock += 1000 + Math.floor(this.random() * 60_000);
    const link: AnalysisLink = {
      id: this.id(),
      from: this.statements[from]!.id,
      to: this.statements[to]!.id,
      polarity: this.random() < minusShare ? '-' : '+',
      createdAt: this.clock,
      createdBy: PEOPLE[Math.floor(this.random() * PEOPLE.length)] ?? 'Ana (nurse)',
      deleted,
    };
    this.links.push(link);
    return link;
  }

  input(): AnalysisInput {
    return { statements: this.statements, links: this.links };
  }
}

/**
 * A map like a big team's: links mostly go "forward" to nearby later statements (causes
 * before effects), a few go back and close loops. Random graphs with this many links hold
 * astronomically many loops; this structure keeps the count enumerable and realistic.
 */
export function forwardMap(seed: number, statements: number, links: number, backLinks: number, span: number): AnalysisInput {
  const builder = new MapBuilder(seededRandom(seed));
  builder.addStatements(statements);
  let forward = 0;
  while (forward < links - backLinks) {
    const from = Math.floor(builder.random() * (statements - 1));
    const to = Math.min(statements - 1, from + 1 + Math.floor(builder.random() * span));
    if (builder.link(from, to)) forward++;
  }
  let back = 0;
  while (back < backLinks) {
    const from = 1 + Math.floor(builder.random() * (statements - 1));
    const to = Math.max(0, from - 1 - Math.floor(builder.random() * span));
    if (builder.link(from, to)) back++;
  }
  // Some history: deleted links and a deleted statement the analysis must ignore.
  for (let i = 0; i < links / 50; i++) {
    const from = Math.floor(builder.random() * statements);
    builder.link(from, (from + 1 + Math.floor(builder.random() * span)) % statements, 0.25, true);
  }
  builder.statements.push({ id: 'deleted-statement', number: statements + 1, valence: 'negative', deleted: true });
  return builder.input();
}

/** A chain of statements with links both ways between neighbours: one loop per pair. */
export function twoWayChain(seed: number, statements: number): AnalysisInput {
  const builder = new MapBuilder(seededRandom(seed));
  builder.addStatements(statements);
  for (let i = 0; i + 1 < statements; i++) {
    builder.link(i, i + 1);
    builder.link(i + 1, i);
  }
  return builder.input();
}

/** One long ring: a single loop through every statement. */
export function ring(seed: number, statements: number): AnalysisInput {
  const builder = new MapBuilder(seededRandom(seed));
  builder.addStatements(statements);
  for (let i = 0; i < statements; i++) builder.link(i, (i + 1) % statements, 0.01);
  return builder.input();
}

/** Every statement linked to every other: far more loops than anyone could read. */
export function completeMap(seed: number, statements: number): AnalysisInput {
  const builder = new MapBuilder(seededRandom(seed));
  builder.addStatements(statements);
  for (let from = 0; from < statements; from++) {
    for (let to = 0; to < statements; to++) builder.link(from, to);
  }
  return builder.input();
}
