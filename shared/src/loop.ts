import * as Y from 'yjs';
import { analyseLoops, loopChain } from './analysis/loops.js';
import type { AnalyseOptions, AnalysisInput, Loop, LoopAnalysis, LoopCharacter, LoopNote } from './analysis/types.js';
import type { ExportLoop } from './export-document.js';
import { readLink } from './link.js';
import { statementNumbers } from './numbering.js';
import { mapParts } from './schema.js';
import { readStatement } from './statement.js';

/** A flag the server raised for a vicious loop (SPEC §5), keyed by loop key in `flags`. */
export interface LoopFlag {
  key: string;
  statementIds: string[];
  closedAt: number;
  flaggedAt: number;
  closedBy: string;
}

const CHARACTERS: readonly LoopCharacter[] = ['vicious', 'virtuous', 'unclassified'];

/** Reads what the loop analysis needs from a map document. */
export function analysisInput(doc: Y.Doc): AnalysisInput {
  const numbers = statementNumbers(doc);
  const { statements, links } = mapParts(doc);
  return {
    statements: [...statements.entries()].map(([id, map]) => {
      const statement = readStatement(id, map);
      return { id, number: numbers.get(id) ?? 0, valence: statement.valence, deleted: statement.deletedAt !== null };
    }),
    links: [...links.entries()].map(([id, map]) => {
      const link = readLink(id, map);
      return { ...link, deleted: link.deletedAt !== null };
    }),
    loopNotes: readLoopNotes(doc),
    labels: readLabels(doc),
  };
}

/** Finds and names the map's loops (SPEC §2). */
export function analyseMap(doc: Y.Doc, options?: AnalyseOptions): LoopAnalysis {
  return analyseLoops(analysisInput(doc), options);
}

/** The team's titles, notes and character overrides, by loop key. */
export function readLoopNotes(doc: Y.Doc): Record<string, LoopNote> {
  const notes: Record<string, LoopNote> = {};
  for (const [key, map] of mapParts(doc).loopNotes.entries()) {
    if (!(map instanceof Y.Map)) continue;
    const note: LoopNote = {};
    const title = map.get('title');
    const text = map.get('note');
    const character = map.get('character');
    if (typeof title === 'string' && title !== '') note.title = title;
    if (typeof text === 'string' && text !== '') note.note = text;
    if (CHARACTERS.includes(character as LoopCharacter)) note.character = character as LoopCharacter;
    notes[key] = note;
  }
  return notes;
}

/** Server-given loop labels, by loop key. */
export function readLabels(doc: Y.Doc): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, label] of mapParts(doc).labels.entries()) {
    if (typeof label === 'string') labels[key] = label;
  }
  return labels;
}

/** The server's flags for vicious loops, oldest first. */
export function readFlags(doc: Y.Doc): LoopFlag[] {
  const flags: LoopFlag[] = [];
  for (const [key, map] of mapParts(doc).flags.entries()) {
    const flag = flagOf(key, map);
    if (flag) flags.push(flag);
  }
  return flags.sort(byFlagging);
}

/** One flag, or null if there is none under `key`. */
export function readFlag(doc: Y.Doc, key: string): LoopFlag | null {
  return flagOf(key, mapParts(doc).flags.get(key));
}

function flagOf(key: string, map: unknown): LoopFlag | null {
  if (!(map instanceof Y.Map)) return null;
  const ids = map.get('statementIds');
  return {
    key,
    statementIds: Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [],
    closedAt: numberOr(map.get('closedAt')),
    flaggedAt: numberOr(map.get('flaggedAt')),
    closedBy: typeof map.get('closedBy') === 'string' ? (map.get('closedBy') as string) : '',
  };
}

/** Flags in the order they were raised; the key breaks ties. */
export const byFlagging = (a: LoopFlag, b: LoopFlag): number => a.flaggedAt - b.flaggedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function numberOr(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * Sets the team's title, note or character override of a loop; `null` or '' clears a field.
 * @example setLoopNote(doc, key, { character: 'vicious' })
 */
export function setLoopNote(
  doc: Y.Doc,
  key: string,
  patch: { title?: string | null; note?: string | null; character?: LoopCharacter | null },
  origin?: unknown,
): void {
  doc.transact(() => {
    const { loopNotes } = mapParts(doc);
    let map = loopNotes.get(key);
    if (!(map instanceof Y.Map)) {
      map = new Y.Map<unknown>();
      loopNotes.set(key, map);
    }
    for (const field of ['title', 'note', 'character'] as const) {
      if (!(field in patch)) continue;
      const value = patch[field];
      if (value === null || value === undefined || value === '') map.delete(field);
      else if (map.get(field) !== value) map.set(field, value);
    }
  }, origin);
}

/** A loop in the export document's and the loops endpoint's shape (SPEC §3). */
export function toExportLoop(loop: Loop): ExportLoop {
  const out: ExportLoop = {
    name: loop.name,
    key: loop.key,
    statements: loop.statements,
    statementIds: loop.statementIds,
    linkIds: loop.linkIds,
    polarity: loop.polarity,
    character: loop.character,
    closedAt: loop.closedAt,
    closedBy: loop.closedBy,
  };
  if (loop.title !== undefined) out.title = loop.title;
  return out;
}

/** The notice people see for a flag, e.g. "Vicious loop closed: 4 → 5 → 6 → 7 → 4". */
export function flagNotice(flag: LoopFlag, numbers: Map<string, number>): string {
  const chain = flag.statementIds.map((id) => numbers.get(id) ?? 0);
  const lowest = chain.indexOf(Math.min(...chain));
  const rotated = [...chain.slice(lowest), ...chain.slice(0, lowest)];
  return `Vicious loop closed: ${loopChain({ statements: rotated })}`;
}

export { loopChain };
