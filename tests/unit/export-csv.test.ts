import { CSV_TABLES, UTF8_BOM, csvField, isCsvTable, isoTime, toCsv } from '@causal-map/shared/export/csv';
import { type ExportDocument, toExportDocument } from '@causal-map/shared/export-document';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { dementiaFile, importFile } from './helpers/export-files.js';
import { DEMENTIA_R1, ODD_DELETED_TEXT, ODD_TEXTS, dementiaCase, exportCase, expectFile, oddMap } from './helpers/text-exports.js';

/**
 * A strict RFC 4180 reader: records end in CRLF (a bare CR or LF only inside quotes), quoted
 * fields double their quotes, and a quote never appears inside an unquoted field.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let at = 0;
  for (;;) {
    let field = '';
    if (text[at] === '"') {
      at++;
      for (;;) {
        const quote = text.indexOf('"', at);
        if (quote < 0) throw new Error('unterminated quoted field');
        field += text.slice(at, quote);
        at = quote + 1;
        if (text[at] !== '"') break;
        field += '"';
        at++;
      }
    } else {
      while (at < text.length && !',\r\n'.includes(text[at]!)) {
        if (text[at] === '"') throw new Error(`quote inside an unquoted field at ${at}`);
        field += text[at++];
      }
    }
    record.push(field);
    if (text[at] === ',') {
      at++;
      continue;
    }
    if (text.startsWith('\r\n', at)) {
      at += 2;
      records.push(record);
      record = [];
      if (at === text.length) return records;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${at}, found ${JSON.stringify(text.slice(at, at + 5))}`);
  }
}

/** Rows as objects by header, checking every row has as many fields as the header. */
function table(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((row) => {
    expect(row).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((name, i) => [name, row[i]!]));
  });
}

describe('csv export', () => {
  it('writes the dementia case as expected (tests/fixtures/expected/dementia-*.csv)', () => {
    const { document, loopNotes } = dementiaCase();
    expectFile('dementia-statements.csv', toCsv(document, 'statements'));
    expectFile('dementia-links.csv', toCsv(document, 'links'));
    expectFile('dementia-loops.csv', toCsv(document, 'loops', loopNotes));
  });

  it('has the header rows of SPEC §6', () => {
    const { document } = dementiaCase();
    expect(parseCsv(toCsv(document, 'statements'))[0]).toEqual(['number', 'text', 'valence', 'on_loop', 'created_at', 'created_by']);
    expect(parseCsv(toCsv(document, 'links'))[0]).toEqual(['from', 'to', 'polarity', 'reads', 'created_at', 'created_by']);
    expect(parseCsv(toCsv(document, 'loops'))[0]).toEqual([
      'label', 'polarity', 'character', 'chain', 'title', 'note', 'closed_at', 'closed_by',
    ]);
  });

  it('lists statements with valence, whether they lie on a loop, and ISO 8601 UTC times', () => {
    const { document } = dementiaCase();
    const rows = table(toCsv(document, 'statements'));
    expect(rows.map((row) => row.number)).toEqual(document.statements.map((s) => String(s.number)));
    expect(rows[0]).toEqual({
      number: '1',
      text: "Mrs A's memory is getting worse",
      valence: 'negative',
      on_loop: 'true',
      created_at: '2025-11-21T09:00:45.000Z',
      created_by: 'Ben (GP)',
    });
    // 12 (the carers' group) only leads into loops; it lies on none.
    expect(rows.filter((row) => row.on_loop === 'false').map((row) => row.number)).toEqual(['12']);
  });

  it('lists links by statement number, in words', () => {
    const rows = table(toCsv(dementiaCase().document, 'links'));
    expect(rows).toHaveLength(16);
    expect(rows.find((row) => row.from === '11' && row.to === '8')).toEqual({
      from: '11',
      to: '8',
      polarity: '-',
      reads: 'may not lead to',
      created_at: '2025-11-21T09:12:55.000Z',
      created_by: 'Ben (GP)',
    });
    expect(rows.filter((row) => row.polarity === '+').every((row) => row.reads === 'may lead to')).toBe(true);
  });

  it('lists loops with label, chain, the team\'s title and note, and an empty character for balancing loops', () => {
    const { document, loopNotes } = dementiaCase();
    const rows = table(toCsv(document, 'loops', loopNotes));
    expect(rows.map((row) => [row.label, row.polarity, row.character, row.chain])).toEqual([
      ['R1', 'reinforcing', 'vicious', '1 → 2 → 3 → 4 → 5 → 6 → 7 → 8 → 1'],
      ['R2', 'reinforcing', 'vicious', '1 → 2 → 9 → 3 → 4 → 5 → 6 → 7 → 8 → 1'],
      ['R3', 'reinforcing', 'vicious', '1 → 2 → 9 → 5 → 6 → 7 → 8 → 1'],
      ['B1', 'balancing', '', '8 → 10 → 11 → 8'],
      ['B2', 'balancing', '', '5 → 6 → 7 → 8 → 10 → 11 → 5'],
    ]);
    expect(rows[0]).toMatchObject({
      title: 'Losing control',
      note: 'Ask the day centre about transport, "door to door".',
      closed_at: '2025-11-21T09:08:40.000Z',
      closed_by: 'Ana (nurse)',
    });
    expect(document.loops[0]!.key).toBe(DEMENTIA_R1);
    // Without the notes the column is empty; the title comes with the loop itself.
    expect(table(toCsv(document, 'loops'))[0]).toMatchObject({ title: 'Losing control', note: '' });
  });

  it('quotes commas, quotes and line breaks, keeps accents and emoji, and reads back exactly', () => {
    const { document } = exportCase(oddMap());
    const text = toCsv(document, 'statements');
    const rows = table(text);
    expect(rows.map((row) => row.text)).toEqual([1, 2, 3, 4].map((n) => ODD_TEXTS[n]));
    expect(rows.map((row) => row.created_by)).toEqual(Array(4).fill('Ana, "the nurse"'));
    expect(text).toContain('\r\n1,"Quote "" and \'apostrophe\', comma, <tag> & ampersand > end",negative,');
    expect(text).toContain('"Line one\nLine two\r\nthree; back\\slash \\n not a break"');
    expect(text).toContain('"Café crème, naïve 👵🏽 — ""ok"""');
  });

  it('does not alter text that looks like a formula', () => {
    const rows = table(toCsv(exportCase(oddMap()).document, 'statements'));
    expect(rows[3]!.text).toBe('=SUM(A1:A2) stays a formula-looking text');
    expect(csvField('=1+2')).toBe('=1+2');
    expect(csvField('-5')).toBe('-5');
    expect(csvField('@here')).toBe('@here');
  });

  it('leaves out deleted statements, deleted links, links to deleted statements, duplicates and self-links', () => {
    const { document } = exportCase(oddMap());
    const statements = toCsv(document, 'statements');
    expect(statements).not.toContain(ODD_DELETED_TEXT);
    expect(table(statements).map((row) => row.number)).toEqual(['1', '2', '3', '4']);
    expect(table(toCsv(document, 'links')).map((row) => `${row.from} ${row.polarity} ${row.to}`)).toEqual([
      '1 + 2',
      '2 - 3',
      '2 + 4',
      '3 + 1',
    ]);
    // 1 → 2 → 3 → 1 is the only loop; 4 lies on none.
    expect(table(statements).map((row) => row.on_loop)).toEqual(['true', 'true', 'true', 'false']);
  });

  it('knows which statements lie on a loop even when the loop list was cut short', () => {
    const { document } = dementiaCase();
    const cut: ExportDocument = { ...document, loops: [] };
    expect(toCsv(cut, 'statements')).toBe(toCsv(document, 'statements'));
    expect(parseCsv(toCsv(cut, 'loops'))).toHaveLength(1);
  });

  it('writes CRLF after every record, the header alone for an empty map, and no BOM', () => {
    const empty = toExportDocument(new Y.Doc());
    expect(toCsv(empty, 'links')).toBe('from,to,polarity,reads,created_at,created_by\r\n');
    const text = toCsv(toExportDocument(importFile(dementiaFile())), 'statements');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text.startsWith(UTF8_BOM)).toBe(false);
    expect(UTF8_BOM).toBe('\uFEFF');
  });

  it('writes a time no date can hold as an empty cell', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(1e20)).toBe('');
    expect(isoTime(Number.NaN)).toBe('');
  });

  it('knows its tables', () => {
    expect(CSV_TABLES.every(isCsvTable)).toBe(true);
    expect(isCsvTable('events')).toBe(false);
    expect(isCsvTable(undefined)).toBe(false);
  });

  it('the RFC 4180 reader itself refuses broken CSV', () => {
    expect(parseCsv('a,"b ""c"""\r\n')).toEqual([['a', 'b "c"']]);
    for (const broken of ['a,b\n', 'a"b\r\n', '"a\r\n', 'a,b']) expect(() => parseCsv(broken), broken).toThrow();
  });
});
