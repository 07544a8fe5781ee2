import { readFileSync, writeFileSync } from 'node:fs';
import type { LoopNote } from '@causal-map/shared/analysis/types';
import { type ExportDocument, toExportDocument } from '@causal-map/shared/export-document';
import { addLink, deleteLink } from '@causal-map/shared/link';
import { analyseMap, readLoopNotes, setLoopNote, toExportLoop } from '@causal-map/shared/loop';
import { setTitle } from '@causal-map/shared/schema';
import { addStatement, deleteStatement } from '@causal-map/shared/statement';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { frozenAuthor } from './authors.js';
import { dementiaFile, importFile } from './export-files.js';
import { writeLinkDirectly } from './foreign-writer.js';

/** A map ready for the writers: its export document with loops, and its loop notes. */
export interface ExportCase {
  doc: Y.Doc;
  document: ExportDocument;
  loopNotes: Record<string, LoopNote>;
}

/** The export document of a doc as the server builds it: loops from the analysis. */
export function exportCase(doc: Y.Doc): ExportCase {
  const loops = analyseMap(doc).loops.map(toExportLoop);
  return { doc, document: toExportDocument(doc, loops), loopNotes: readLoopNotes(doc) };
}

/** The key of the first loop of the dementia case, 1 → 2 → … → 8 → 1 (vicious, R1). */
export const DEMENTIA_R1 = 's01>s02>s03>s04>s05>s06>s07>s08';

/** The dementia case with the team's title and note on R1 (a note with a comma and quotes). */
export function dementiaCase(): ExportCase {
  const doc = importFile(dementiaFile());
  setLoopNote(doc, DEMENTIA_R1, {
    title: 'Losing control',
    note: 'Ask the day centre about transport, "door to door".',
  });
  return exportCase(doc);
}

/** Texts that need escaping in every format, by statement number (all live). */
export const ODD_TEXTS: Record<number, string> = {
  1: `Quote " and 'apostrophe', comma, <tag> & ampersand > end`,
  2: 'Line one\nLine two\r\nthree; back\\slash \\n not a break',
  3: 'Café crème, naïve 👵🏽 — "ok"',
  4: '=SUM(A1:A2) stays a formula-looking text',
};

export const ODD_DELETED_TEXT = 'Deleted statement: must not appear';

/**
 * A small map with every awkward case: texts to escape (ODD_TEXTS), a deleted statement (5)
 * with a live link to it, a deleted link, a duplicate link and a self-link from a foreign
 * writer. Live links: 1 → 2 (+), 2 → 3 (-), 3 → 1 (+), 2 → 4 (+).
 */
export function oddMap(): Y.Doc {
  const doc = new Y.Doc();
  const ana = (at: number) => frozenAuthor('Ana, "the nurse"', at);
  const ids = [1, 2, 3, 4].map((n) =>
    addStatement(doc, { text: ODD_TEXTS[n], x: n * 100, y: 0, valence: (['negative', 'neutral', 'positive', 'neutral'] as const)[n - 1] }, ana(1_000 * n)),
  );
  const [one, two, three, four] = ids as [string, string, string, string];
  const gone = addStatement(doc, { text: ODD_DELETED_TEXT, x: 500, y: 0 }, ana(5_000));
  setTitle(doc, 'Odd <map> & "friends"');
  addLink(doc, { from: one, to: two, polarity: '+' }, ana(10_000));
  addLink(doc, { from: two, to: three, polarity: '-' }, ana(11_000));
  addLink(doc, { from: three, to: one, polarity: '+' }, ana(12_000));
  addLink(doc, { from: two, to: four, polarity: '+' }, ana(13_000));
  addLink(doc, { from: four, to: gone, polarity: '-' }, ana(14_000));
  const deleted = addLink(doc, { from: four, to: one, polarity: '-' }, ana(15_000));
  if (deleted.ok) deleteLink(doc, deleted.id, ana(16_000));
  deleteStatement(doc, gone, ana(17_000));
  writeLinkDirectly(doc, 'duplicate', one, two, 20_000);
  writeLinkDirectly(doc, 'self', four, four, 21_000);
  return doc;
}

/**
 * Compares a writer's output with a file in tests/fixtures/expected, byte for byte.
 * `UPDATE_EXPECTED=1` writes the file instead: read the diff by eye before committing it.
 */
export function expectFile(name: string, actual: string): void {
  const url = new URL(`../../fixtures/expected/${name}`, import.meta.url);
  if (process.env.UPDATE_EXPECTED === '1') writeFileSync(url, actual, 'utf8');
  expect(actual).toBe(readFileSync(url, 'utf8'));
}
