import * as Y from 'yjs';
import { mapParts } from './schema.js';

// Agree / disagree / unsure on links (SPEC §7 `marks`): one mark per person per link, kept in the
// link's Y.Map under `marks`, from the person's name to their mark.

export type Mark = 'agree' | 'disagree' | 'unsure';
export const MARKS: readonly Mark[] = ['agree', 'disagree', 'unsure'];

export type MarkCounts = Record<Mark, number>;

export function isMark(value: unknown): value is Mark {
  return value === 'agree' || value === 'disagree' || value === 'unsure';
}

/** A link's marks by person; empty for a link nobody marked (or that does not exist). */
export function readMarks(doc: Y.Doc, linkId: string): Record<string, Mark> {
  const link = mapParts(doc).links.get(linkId);
  return link instanceof Y.Map ? marksIn(link as Y.Map<unknown>) : {};
}

/** The marks held in one link's Y.Map. Entries that are not a known mark are left out. */
export function marksIn(link: Y.Map<unknown>): Record<string, Mark> {
  const marks = link.get('marks');
  const read: Record<string, Mark> = {};
  if (!(marks instanceof Y.Map)) return read;
  for (const [name, mark] of marks as Y.Map<unknown>) if (isMark(mark)) read[name] = mark;
  return read;
}

/** Every link's marks, for links with at least one. */
export function readAllMarks(doc: Y.Doc): Map<string, Record<string, Mark>> {
  const all = new Map<string, Record<string, Mark>>();
  for (const [id, link] of mapParts(doc).links) {
    if (!(link instanceof Y.Map)) continue;
    const marks = marksIn(link as Y.Map<unknown>);
    if (Object.keys(marks).length > 0) all.set(id, marks);
  }
  return all;
}

/** Sets this person's mark on a link, or withdraws it with null. False if the link is missing. */
export function setMark(doc: Y.Doc, linkId: string, name: string, mark: Mark | null, origin?: unknown): boolean {
  const entry = mapParts(doc).links.get(linkId);
  if (!(entry instanceof Y.Map) || !name) return false;
  const link = entry as Y.Map<unknown>;
  doc.transact(() => {
    let marks = link.get('marks');
    if (!(marks instanceof Y.Map)) {
      if (mark === null) return;
      marks = new Y.Map<string>();
      link.set('marks', marks);
    }
    const kept = marks as Y.Map<string>;
    if (mark === null) kept.delete(name);
    else if (kept.get(name) !== mark) kept.set(name, mark);
  }, origin);
  return true;
}

export function countMarks(marks: Readonly<Record<string, Mark>> | undefined): MarkCounts {
  const counts: MarkCounts = { agree: 0, disagree: 0, unsure: 0 };
  for (const mark of Object.values(marks ?? {})) counts[mark] += 1;
  return counts;
}

/** A link is contested once anyone disagrees with it. */
export function isContested(marks: Readonly<Record<string, Mark>> | undefined): boolean {
  return Object.values(marks ?? {}).includes('disagree');
}
