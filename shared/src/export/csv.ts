import { analyseLoops, loopChain } from '../analysis/loops.js';
import type { LoopNote } from '../analysis/types.js';
import type { ExportDocument } from '../export-document.js';
import { liveParts } from './formats.js';

// The `csv` export of SPEC §6: one table per call, RFC 4180 (fields quoted where needed,
// CRLF line ends, a header row), UTF-8, times as ISO 8601 UTC.
//
// Formula injection: a cell starting with `=`, `+`, `-` or `@` is written as it is. A leading
// `'` would change the team's words (a statement may well start with "-" or "+") and every
// program that reads the file would see it; the file is data for the team's own analysis, and
// spreadsheet programs ask before they run what looks like a formula from a CSV. So cells are
// only ever quoted, never altered.

/**
 * A byte order mark. The server puts it before the CSV so that Excel reads the file as UTF-8
 * (without it Excel guesses the system code page and garbles accents); the writers here never
 * add it, so other callers get plain RFC 4180.
 */
export const UTF8_BOM = '\uFEFF';

export type CsvTable = 'statements' | 'links' | 'loops';

export const CSV_TABLES: readonly CsvTable[] = ['statements', 'links', 'loops'];

/** True for a `table` query parameter of the csv export. */
export function isCsvTable(value: unknown): value is CsvTable {
  return value === 'statements' || value === 'links' || value === 'loops';
}

/** The team's loop notes by loop key, as `readLoopNotes(doc)` gives them: the loops table's `note`. */
export type CsvLoopNotes = Readonly<Record<string, Pick<LoopNote, 'note'>>>;

/**
 * One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF, quotes doubled.
 * @example csvField('Say "hi", then go') // '"Say ""hi"", then go"'
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record with its CRLF line end. */
export function csvRecord(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/**
 * A time in ms since the epoch as ISO 8601 UTC; '' for a time no date can hold.
 * @example isoTime(0) // '1970-01-01T00:00:00.000Z'
 */
export function isoTime(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

const HEADERS: Record<CsvTable, readonly string[]> = {
  statements: ['number', 'text', 'valence', 'on_loop', 'created_at', 'created_by'],
  links: ['from', 'to', 'polarity', 'reads', 'created_at', 'created_by'],
  loops: ['label', 'polarity', 'character', 'chain', 'title', 'note', 'closed_at', 'closed_by'],
};

/**
 * One table of the map as CSV (SPEC §6), header row first; deleted statements and links are
 * left out. `on_loop` says whether a statement lies on some loop: it is worked out here from
 * the map's strongly connected components, so it is complete even when `doc.loops` was cut
 * short at maxLoops. The loops table lists `doc.loops` in their order, with the note of each
 * from `loopNotes` (the export document carries loop titles but not notes).
 * @example toCsv(doc, 'loops', readLoopNotes(ydoc)) // 'label,polarity,…\r\nR1,reinforcing,vicious,1 → 2 → 3 → 1,…'
 */
export function toCsv(doc: ExportDocument, table: CsvTable, loopNotes: CsvLoopNotes = {}): string {
  const rows: string[][] = [];
  switch (table) {
    case 'statements': {
      const { statements } = liveParts(doc);
      const onLoop = onLoopStatements(doc);
      for (const s of statements) {
        rows.push([String(s.number), s.text, s.valence, String(onLoop.has(s.id)), isoTime(s.createdAt), s.createdBy]);
      }
      break;
    }
    case 'links': {
      const { links, numberOf } = liveParts(doc);
      for (const l of links) {
        const reads = l.polarity === '-' ? 'may not lead to' : 'may lead to';
        rows.push([String(numberOf.get(l.from)), String(numberOf.get(l.to)), l.polarity, reads, isoTime(l.createdAt), l.createdBy]);
      }
      break;
    }
    case 'loops': {
      for (const loop of doc.loops) {
        const note = Object.hasOwn(loopNotes, loop.key) ? (loopNotes[loop.key]?.note ?? '') : '';
        rows.push([
          loop.name,
          loop.polarity,
          loop.character ?? '',
          loopChain(loop),
          loop.title ?? '',
          note,
          isoTime(loop.closedAt),
          loop.closedBy,
        ]);
      }
      break;
    }
  }
  return [HEADERS[table], ...rows].map(csvRecord).join('');
}

/** Ids of the statements on some loop; needs no enumeration of loops (SPEC §2 bounds). */
function onLoopStatements(doc: ExportDocument): Set<string> {
  const analysis = analyseLoops(
    {
      statements: doc.statements.map((s) => ({ id: s.id, number: s.number, valence: s.valence, deleted: s.deletedAt !== null })),
      links: doc.links.map((l) => ({ ...l, deleted: l.deletedAt !== null })),
    },
    { maxLoops: 0 },
  );
  return analysis.onLoopStatements;
}
