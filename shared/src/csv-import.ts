import type * as Y from 'yjs';
import type { ExportStatement, ImportDocument } from './export-document.js';
import { newId } from './ids.js';
import { addLink } from './link.js';
import { statementNumbers } from './numbering.js';
import { type Polarity, type Valence, mapParts, readDeletedAt, readNumber } from './schema.js';
import { addStatement } from './statement.js';

// CSV import: the statements and links tables of the CSV export (SPEC §6), as people edit them in
// a spreadsheet, read into the same ImportDocument that `parseExportDocument` gives for a JSON
// file. Problems are said in a spreadsheet's words: "Row 3, column "valence"", where the row is
// the row number the spreadsheet shows (the header is row 1, the first statement row 2), so the
// person can find it; blank rows count, as they do in the spreadsheet.

/** A CSV text read into rows of cells, or the spreadsheet row where a quote was left open. */
export type CsvParse = { ok: true; rows: string[][] } | { ok: false; openQuoteRow: number };

/**
 * Reads RFC 4180 CSV: quoted fields may hold the separator, doubled quotes and line breaks.
 * Forgiving about a UTF-8 BOM, CRLF, LF or CR line ends, and a stray quote inside a field.
 * Every line is one row (a blank line is `['']`), so row i is spreadsheet row i + 1.
 * @example parseCsv('text\n"Pain, at night"\n') // { ok: true, rows: [['text'], ['Pain, at night']] }
 */
export function parseCsv(text: string, separator = detectSeparator(text)): CsvParse {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (source[i + 1] === '"') {
        field += '"';
        i += 1;
      } else quoted = false;
    } else if (char === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
    } else if (char === separator) {
      row.push(field);
      field = '';
      fieldStart = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStart = true;
    } else {
      field += char;
      fieldStart = false;
    }
  }
  if (quoted) return { ok: false, openQuoteRow: rows.length + 1 };
  if (!fieldStart || row.length > 0) rows.push([...row, field]);
  return { ok: true, rows };
}

/** `;` when the header line has more semicolons than commas (Excel in some locales), else `,`. */
export function detectSeparator(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char === ',') commas += 1;
    else if (!quoted && char === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

export type CsvImportResult = { ok: true; document: ImportDocument } | { ok: false; problems: string[] };

export interface CsvImportOptions {
  /** The time given to rows without `created_at` (ms); now by default. */
  now?: number;
  /** The author given to rows without `created_by`; empty by default. */
  createdBy?: string;
}

const MAX_STATEMENTS = 20_000;
const MAX_LINKS = 100_000;
const MAX_TEXT = 10_000;
const MAX_NAME = 200;
const MAX_TITLE = 500;
const MAX_PROBLEMS = 20;
// A first layout only: Tidy up in the app lays the map out properly.
const GRID_COLUMNS = 4;
const GRID_X = 280;
const GRID_Y = 140;

type TableName = 'statements' | 'links';

/** One data row: its spreadsheet row number and a reader for its cells by column name. */
interface Row {
  row: number;
  cell: (column: string) => string;
  has: (column: string) => boolean;
}

/** Column names compare without case, spaces, `_` or `-`: "Created at" is `created_at`. */
const columnKey = (name: string) => name.trim().toLowerCase().replace(/[\s_-]+/g, '');
const shown = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
const count = (n: number) => n.toLocaleString('en-US');

/**
 * Reads a table's rows, skipping blank ones; the first non-blank row names the columns.
 * Returns problems instead when the table cannot be read or lacks a required column.
 */
function readTable(csv: string, table: TableName, required: readonly string[][]): { rows: Row[]; problems: string[] } {
  const rowName = table === 'statements' ? 'Row' : 'Links row';
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { rows: [], problems: [`${rowName} ${parsed.openQuoteRow}: a quote is never closed`] };
  const numbered = parsed.rows.map((cells, index) => ({ row: index + 1, cells }));
  const [header, ...body] = numbered.filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
  if (!header) return { rows: [], problems: table === 'statements' ? ['The statements table is empty'] : [] };
  const columns = new Map<string, number>();
  header.cells.forEach((name, index) => {
    if (!columns.has(columnKey(name))) columns.set(columnKey(name), index);
  });
  const listed = header.cells.map((name) => shown(name.trim())).join(', ');
  const problems: string[] = [];
  for (const choices of required) {
    if (choices.some((column) => columns.has(columnKey(column)))) continue;
    const named = choices.map((column) => `"${column}"`);
    const what = named.length === 1 ? `no ${named[0]} column` : `neither a ${named.join(' nor a ')} column`;
    const hint = table === 'statements' && columns.has('from') && columns.has('to') ? '; it looks like a links table' : '';
    problems.push(`The ${table} table has ${what} (its columns are: ${listed})${hint}`);
  }
  const rows = body.map(({ row, cells }): Row => {
    const indexOf = (column: string) => columns.get(columnKey(column));
    return {
      row,
      has: (column) => indexOf(column) !== undefined,
      cell: (column) => {
        const index = indexOf(column);
        return index === undefined ? '' : (cells[index] ?? '');
      },
    };
  });
  return { rows, problems };
}

/** A statement number or link end: a whole number from 1, as a spreadsheet may write it ("3.0"). */
function wholeNumber(value: string): number | null {
  const match = /^(\d+)(?:\.0*)?$/.exec(value.trim());
  const number = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(number) && number >= 1 ? number : null;
}

const VALENCE_WORDS: Record<string, Valence> = {
  bad: 'negative',
  negative: 'negative',
  neutral: 'neutral',
  good: 'positive',
  positive: 'positive',
};

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * ISO 8601 (`2024-05-01T09:30:00Z`, a space for the T, `+0200`; without a zone, local time) or ms
 * since 1970; null if neither.
 * @example readTime('2024-05-01T09:30:00Z') // 1714555800000
 */
export function readTime(value: string): number | null {
  const text = value.trim();
  if (/^\d+(?:\.\d+)?(?:e\+?\d+)?$/i.test(text)) {
    const ms = Math.round(Number(text));
    return Number.isFinite(ms) ? ms : null;
  }
  const match = ISO_TIME.exec(text);
  if (!match) return null;
  const [, date = '', time, zone] = match;
  // Date.parse rolls 30 February over into March; a spreadsheet user meant something else.
  const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const offset = !zone ? '' : zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(3).replace(':', '') || '00'}`;
  const ms = Date.parse(time ? `${date}T${time.replace(',', '.')}${offset}` : date);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

type PolarityCell = { ok: true; polarity: Polarity } | { ok: false; problem: string };

/** The polarity a links row gives, from `polarity` or `reads` or both, or what is wrong. */
function readPolarity(row: Row, where: string): PolarityCell {
  const rawPolarity = row.cell('polarity').trim().replace(/^'/, '');
  const rawReads = row.cell('reads').trim();
  const reads = rawReads.toLowerCase().replace(/\s+/g, ' ');
  // Word processors turn "-" into look-alike dashes.
  const sign = rawPolarity.replace(/^[\u2010-\u2015\u2212\uFE63\uFF0D]$/, '-');
  const fromPolarity = sign === '+' || sign === '-' ? sign : undefined;
  const fromReads = reads === 'may lead to' ? '+' : reads === 'may not lead to' ? '-' : undefined;
  const problem = (words: string): PolarityCell => ({ ok: false, problem: `${where}${words}` });
  if (rawPolarity !== '' && !fromPolarity) {
    return problem(`, column "polarity": must be + (may lead to) or - (may not lead to), not ${shown(rawPolarity)}`);
  }
  if (reads !== '' && !fromReads) return problem(`, column "reads": must be "may lead to" or "may not lead to", not ${shown(rawReads)}`);
  if (fromPolarity && fromReads && fromPolarity !== fromReads) return problem(`: "polarity" says ${fromPolarity} but "reads" says "${reads}"`);
  const polarity = fromPolarity ?? fromReads;
  if (polarity) return { ok: true, polarity };
  if (!row.has('polarity')) return problem(', column "reads": is empty');
  return problem(`, column "polarity": is empty${row.has('reads') ? ' (write + or -, or fill "reads")' : ''}`);
}

interface StatementRow {
  row: number;
  /** The number the file gives it (or its place in the file); null when unreadable. */
  number: number | null;
  statement: Omit<ExportStatement, 'id' | 'number' | 'x' | 'y'>;
}

function readStatementRows(rows: Row[], options: Required<CsvImportOptions>, problems: string[]): StatementRow[] {
  // A number column left wholly blank is as good as none: rows are numbered in file order.
  const numbered = rows.some((row) => row.cell('number').trim() !== '');
  const firstRowOf = new Map<number, number>();
  return rows.map(({ row, cell }, index) => {
    const where = `Row ${row}`;
    let number: number | null = index + 1;
    if (numbered) {
      const raw = cell('number').trim();
      number = wholeNumber(raw);
      if (raw === '') problems.push(`${where}, column "number": is empty (number every row, or leave the whole column empty)`);
      else if (number === null) problems.push(`${where}, column "number": must be a whole number (1, 2, 3…), not ${shown(raw)}`);
      else if (firstRowOf.has(number)) problems.push(`${where}, column "number": ${number} is used again (row ${firstRowOf.get(number)} has it)`);
      else firstRowOf.set(number, row);
    }
    const text = cell('text');
    if (text.trim() === '') problems.push(`${where}, column "text": is empty`);
    else if (text.length > MAX_TEXT) problems.push(`${where}, column "text": is longer than ${count(MAX_TEXT)} characters`);
    const valenceWord = cell('valence').trim();
    const valence = valenceWord === '' ? 'neutral' : VALENCE_WORDS[valenceWord.toLowerCase()];
    if (!valence) problems.push(`${where}, column "valence": must be bad, neutral or good (or negative/positive), not ${shown(valenceWord)}`);
    const created = readCreated(cell, where, options, problems);
    return {
      row,
      number,
      statement: { text, valence: valence ?? 'neutral', ...created, deletedAt: null },
    };
  });
}

/** `created_at` and `created_by` of a row, with the defaults for blank cells. */
function readCreated(
  cell: (column: string) => string,
  where: string,
  options: Required<CsvImportOptions>,
  problems: string[],
): { createdAt: number; createdBy: string } {
  const rawTime = cell('created_at').trim();
  const time = rawTime === '' ? options.now : readTime(rawTime);
  if (time === null) {
    problems.push(`${where}, column "created_at": must be a date and time like 2024-05-01T09:30:00Z, or milliseconds since 1970, not ${shown(rawTime)}`);
  }
  const createdBy = cell('created_by').trim();
  if (createdBy.length > MAX_NAME) problems.push(`${where}, column "created_by": is longer than ${count(MAX_NAME)} characters`);
  return { createdAt: time ?? options.now, createdBy: createdBy === '' ? options.createdBy : createdBy };
}

function readLinkRows(rows: Row[], idOf: ReadonlyMap<number, string> | null, options: Required<CsvImportOptions>, problems: string[]): ImportDocument['links'] {
  const links: ImportDocument['links'] = [];
  const firstRowOf = new Map<string, number>();
  for (const row of rows) {
    const where = `Links row ${row.row}`;
    const ends: Partial<Record<'from' | 'to', number>> = {};
    for (const end of ['from', 'to'] as const) {
      const raw = row.cell(end).trim();
      const number = wholeNumber(raw);
      if (raw === '') problems.push(`${where}, column "${end}": is empty`);
      else if (number === null) problems.push(`${where}, column "${end}": must be a statement number, not ${shown(raw)}`);
      else if (idOf && !idOf.has(number)) problems.push(`${where}, column "${end}": no statement has number ${number}`);
      else ends[end] = number;
    }
    const polarity = readPolarity(row, where);
    if (!polarity.ok) problems.push(polarity.problem);
    const created = readCreated(row.cell, where, options, problems);
    const { from, to } = ends;
    if (from === undefined || to === undefined) continue;
    if (from === to) {
      problems.push(`${where}: statement ${from} cannot lead to itself ("from" and "to" are both ${from})`);
      continue;
    }
    const pair = `${from}>${to}`;
    const first = firstRowOf.get(pair);
    if (first !== undefined) {
      problems.push(`${where}: ${from} → ${to} is already linked in links row ${first}`);
      continue;
    }
    firstRowOf.set(pair, row.row);
    if (!polarity.ok) continue;
    links.push({
      id: newId(),
      from: idOf?.get(from) ?? '',
      to: idOf?.get(to) ?? '',
      polarity: polarity.polarity,
      ...created,
      deletedAt: null,
    });
  }
  return links;
}

function refuse(problems: string[]): CsvImportResult {
  const more = problems.length - MAX_PROBLEMS;
  if (more <= 0) return { ok: false, problems };
  return { ok: false, problems: [...problems.slice(0, MAX_PROBLEMS), more === 1 ? '…and 1 more problem.' : `…and ${count(more)} more problems.`] };
}

/**
 * Reads a statements table and an optional links table (the columns of the CSV export, SPEC §6)
 * into an import document, or says in words what is wrong, row by row.
 * @example csvToImportDocument('text,valence\nPain at night,bad\n', null, 'Mrs A') // { ok: true, document: { statements: [{ number: 1, … }] } }
 * @example csvToImportDocument('text,valence\nPain,terrible\n', null, 'Mrs A') // { ok: false, problems: ['Row 2, column "valence": must be bad, …'] }
 */
export function csvToImportDocument(
  statementsCsv: string,
  linksCsv: string | null,
  title: string,
  options: CsvImportOptions = {},
): CsvImportResult {
  const settings: Required<CsvImportOptions> = { now: options.now ?? Date.now(), createdBy: options.createdBy ?? '' };
  const statementTable = readTable(statementsCsv, 'statements', [['text']]);
  const linkTable = linksCsv === null ? null : readTable(linksCsv, 'links', [['from'], ['to'], ['polarity', 'reads']]);
  const problems = [...statementTable.problems, ...(linkTable?.problems ?? [])];
  if (statementTable.rows.length > MAX_STATEMENTS) {
    problems.push(`The statements table has more than ${count(MAX_STATEMENTS)} statements; this app reads at most ${count(MAX_STATEMENTS)}`);
  }
  if (linkTable && linkTable.rows.length > MAX_LINKS) {
    problems.push(`The links table has more than ${count(MAX_LINKS)} links; this app reads at most ${count(MAX_LINKS)}`);
  }
  if (problems.length > 0) return refuse(problems);
  if (statementTable.rows.length === 0) return refuse(['The statements table has no statements, only its header row']);

  const statementRows = readStatementRows(statementTable.rows, settings, problems);
  // Numbers in the file give the order (and name the link ends); without them, the file's order.
  const ordered = statementRows.map((entry) => ({ ...entry, key: entry.number ?? Infinity }));
  ordered.sort((a, b) => a.key - b.key || a.row - b.row);
  const statements: ExportStatement[] = ordered.map((entry, index) => ({
    id: newId(),
    number: index + 1,
    ...entry.statement,
    x: (index % GRID_COLUMNS) * GRID_X,
    y: Math.floor(index / GRID_COLUMNS) * GRID_Y,
  }));
  // When some numbers are unreadable, "no statement has number 7" would only add noise.
  const numbersKnown = statementRows.every((entry) => entry.number !== null);
  const idOf = numbersKnown ? new Map(ordered.map((entry, index) => [entry.key, statements[index]?.id ?? ''])) : null;
  const links = linkTable ? readLinkRows(linkTable.rows, idOf, settings, problems) : [];
  if (problems.length > 0) return refuse(problems);
  return {
    ok: true,
    document: {
      format: 'causal-map',
      version: 1,
      title: title.slice(0, MAX_TITLE),
      statements: statements.map((s) => ({ ...s, deletedBy: null })),
      links: links.map((l) => ({ ...l, deletedBy: null })),
    },
  };
}

/** True when a CSV's header names `from` and `to` columns: a links table, not statements. */
export function looksLikeLinksTable(csv: string): boolean {
  const parsed = parseCsv(csv.split(/\r?\n|\r/).find((line) => line.trim() !== '') ?? '');
  const header = new Set(parsed.ok ? (parsed.rows[0] ?? []).map(columnKey) : []);
  return header.has('from') && header.has('to');
}

// How far right of the existing map an appended import starts: a statement's width and a gap.
const APPEND_GAP = 220 + 120;

/**
 * Appends an import to an existing map in one transaction (one undo step): new ids, numbers
 * after the map's own, positions to the right of the map, links remapped. Deleted rows are left
 * out; rows without an author get `author.name`.
 * @example appendIntoDoc(doc, document, { name: 'Ana' }, LOCAL) // a map of 3 gets statements 4, 5, …
 */
export function appendIntoDoc(doc: Y.Doc, document: ImportDocument, author: { name: string }, origin?: unknown): void {
  const { statements: existing } = mapParts(doc);
  let right = -Infinity;
  let top = Infinity;
  for (const map of existing.values()) {
    if (readDeletedAt(map) !== null) continue;
    right = Math.max(right, readNumber(map, 'x'));
    top = Math.min(top, readNumber(map, 'y'));
  }
  const live = document.statements.filter((s) => s.deletedAt === null);
  if (live.length === 0) return;
  const left = live.reduce((least, s) => Math.min(least, s.x), Infinity);
  const upper = live.reduce((least, s) => Math.min(least, s.y), Infinity);
  const dx = Number.isFinite(right) ? right + APPEND_GAP - left : 0;
  const dy = Number.isFinite(top) ? top - upper : 0;
  const ordered = [...live].sort((a, b) => a.number - b.number);
  doc.transact(() => {
    const idOf = new Map<string, string>();
    for (const s of ordered) {
      const id = addStatement(
        doc,
        {
          text: s.text,
          x: Math.round(s.x + dx),
          y: Math.round(s.y + dy),
          valence: s.valence,
          ...(s.pinned ? { pinned: true } : {}),
          createdAt: s.createdAt,
          createdBy: s.createdBy || author.name,
        },
        author,
        origin,
      );
      idOf.set(s.id, id);
    }
    for (const l of document.links) {
      const from = idOf.get(l.from);
      const to = idOf.get(l.to);
      if (l.deletedAt !== null || from === undefined || to === undefined) continue;
      // New statements have no links yet, and the import was checked: skip the per-link scan.
      addLink(doc, { from, to, polarity: l.polarity, createdAt: l.createdAt, createdBy: l.createdBy || author.name }, author, origin, true);
    }
  }, origin);
}

/** The highest statement number on a map (0 when empty): an append starts after it. */
export function lastNumber(doc: Y.Doc): number {
  let last = 0;
  for (const number of statementNumbers(doc).values()) last = Math.max(last, number);
  return last;
}
