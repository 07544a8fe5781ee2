import { readFileSync } from 'node:fs';
import {
  appendIntoDoc,
  csvToImportDocument,
  detectSeparator,
  lastNumber,
  looksLikeLinksTable,
  parseCsv,
  readTime,
} from '@causal-map/shared/csv-import';
import { type ImportDocument, importIntoDoc, parseExportDocument } from '@causal-map/shared/export-document';
import { addLink } from '@causal-map/shared/link';
import { readMap } from '@causal-map/shared/map-view';
import { mapParts } from '@causal-map/shared/schema';
import { addStatement } from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pinnedAuthor } from './helpers/authors.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');
const NOW = Date.UTC(2024, 4, 1, 12);

function accepted(statements: string, links: string | null = null, title = 'Mrs A'): ImportDocument {
  const result = csvToImportDocument(statements, links, title, { now: NOW });
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.document;
}

function problemsFor(statements: string, links: string | null = null): string[] {
  const result = csvToImportDocument(statements, links, 'Mrs A', { now: NOW });
  if (result.ok) throw new Error('expected the tables to be refused');
  return result.problems;
}

/** The map as numbers: statement texts by number, links as "from polarity to". */
function picture(doc: Y.Doc): { statements: string[]; links: string[] } {
  const map = readMap(doc);
  const numberOf = new Map(map.statements.map((s) => [s.id, s.number]));
  return {
    statements: map.statements.map((s) => `${s.number} ${s.text}`),
    links: map.liveLinks.map((l) => `${numberOf.get(l.from)} ${l.polarity} ${numberOf.get(l.to)}`).sort(),
  };
}

// The CSV export of SPEC §6 (as the server writes it: a BOM for Excel, CRLF, on_loop true/false),
// written here as an outside tool would, for the round trip.
const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csvTable = (rows: (string | number)[][]) => rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';

function exportCsv(doc: Y.Doc): { statements: string; links: string } {
  const map = readMap(doc);
  const numberOf = new Map(map.statements.map((s) => [s.id, s.number]));
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    statements: '\uFEFF' + csvTable([
      ['number', 'text', 'valence', 'on_loop', 'created_at', 'created_by'],
      ...map.statements.map((s) => [s.number, s.text, s.valence, 'false', iso(s.createdAt), s.createdBy]),
    ]),
    links: '\uFEFF' + csvTable([
      ['from', 'to', 'polarity', 'reads', 'created_at', 'created_by'],
      ...map.liveLinks.map((l) => [
        numberOf.get(l.from) ?? 0,
        numberOf.get(l.to) ?? 0,
        l.polarity,
        l.polarity === '-' ? 'may not lead to' : 'may lead to',
        iso(l.createdAt),
        l.createdBy,
      ]),
    ]),
  };
}

describe('reading CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks inside', () => {
    const csv = 'number,text\n1,"Pain, at night"\n2,"She said ""no"""\n3,"Two\nlines"\n';
    expect(parseCsv(csv)).toEqual({
      ok: true,
      rows: [['number', 'text'], ['1', 'Pain, at night'], ['2', 'She said "no"'], ['3', 'Two\nlines']],
    });
  });

  it('drops a UTF-8 BOM and reads CRLF, LF and CR line ends alike', () => {
    expect(parseCsv('\uFEFFtext,valence\r\nA,bad\nB,good\rC,\r\n')).toEqual({
      ok: true,
      rows: [['text', 'valence'], ['A', 'bad'], ['B', 'good'], ['C', '']],
    });
  });

  it('takes ; as the separator when the header line uses it (Excel in some locales)', () => {
    expect(detectSeparator('number;text;valence\n1;"a, b";bad')).toBe(';');
    expect(detectSeparator('number,text\n1;2;3;4')).toBe(',');
    expect(detectSeparator('"a;b;c",text\n')).toBe(',');
    expect(parseCsv('number;text\n1;"a; b, c"\n')).toEqual({ ok: true, rows: [['number', 'text'], ['1', 'a; b, c']] });
  });

  it('keeps blank lines as rows, so row numbers match the spreadsheet, and ends without an empty row', () => {
    expect(parseCsv('text\n\nA\n\n\n')).toEqual({ ok: true, rows: [['text'], [''], ['A'], [''], ['']] });
    expect(parseCsv('text\nA')).toEqual({ ok: true, rows: [['text'], ['A']] });
  });

  it('says in which row a quote is left open', () => {
    expect(parseCsv('text\nA\n"B\nC\n')).toEqual({ ok: false, openQuoteRow: 3 });
  });

  it('reads times as ISO 8601 or milliseconds', () => {
    expect(readTime('2024-05-01T09:30:00Z')).toBe(Date.UTC(2024, 4, 1, 9, 30));
    expect(readTime('2024-05-01T09:30:00.250Z')).toBe(Date.UTC(2024, 4, 1, 9, 30, 0, 250));
    expect(readTime('2024-05-01 11:30:00+0200')).toBe(Date.UTC(2024, 4, 1, 9, 30));
    expect(readTime('2024-05-01T11:30+02:00')).toBe(Date.UTC(2024, 4, 1, 9, 30));
    expect(readTime('2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(readTime('1714555800000')).toBe(1714555800000);
    expect(readTime('yesterday')).toBeNull();
    expect(readTime('2024-13-45')).toBeNull();
    expect(readTime('2024-02-30')).toBeNull();
    expect(readTime('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});

describe('a statements table and a links table as an import document', () => {
  it('reads the fixture tables (CRLF, quotes) into a document the JSON import accepts', () => {
    const document = accepted(fixture('statements.csv'), fixture('links.csv'), 'statements');
    expect(document.statements.map((s) => [s.number, s.text, s.valence, s.createdBy])).toEqual([
      [1, "Mrs A's memory is getting worse", 'negative', 'Ana'],
      [2, 'Mrs A forgets to eat, some days', 'negative', 'Ana'],
      [3, 'Her daughter says "she is fine"', 'neutral', 'Ben'],
      [4, 'Meals on wheels twice a week', 'positive', 'Ben'],
    ]);
    expect(document.statements[0]?.createdAt).toBe(Date.UTC(2024, 4, 1, 9));
    const doc = new Y.Doc();
    const checked = parseExportDocument(JSON.parse(JSON.stringify(document)));
    expect(checked.ok).toBe(true);
    if (checked.ok) importIntoDoc(doc, checked.document);
    expect(picture(doc).links).toEqual(['1 + 2', '2 + 1', '4 - 2']);
  });

  it('needs only a text column: numbers follow the file, valence is neutral, time and author default', () => {
    const document = accepted('text\nPain at night\n"Sleeps badly"\n', null);
    expect(document.statements).toEqual([
      expect.objectContaining({ number: 1, text: 'Pain at night', valence: 'neutral', createdAt: NOW, createdBy: '', deletedAt: null }),
      expect.objectContaining({ number: 2, text: 'Sleeps badly', valence: 'neutral', createdAt: NOW, createdBy: '' }),
    ]);
    expect(document.links).toEqual([]);
    expect(document.title).toBe('Mrs A');
    const withAuthor = csvToImportDocument('text\nA\n', null, 'T', { now: NOW, createdBy: 'Ana' });
    expect(withAuthor.ok && withAuthor.document.statements[0]?.createdBy).toBe('Ana');
  });

  it('accepts bad/good/negative/positive/neutral in any case, and column names in any case or spacing', () => {
    const document = accepted('Text;Valence;Created At;Created_By\nA;BAD;1000;Ana\nB; Good ;;\nC;Negative;;\nD;positive;;\nE;Neutral;;\n');
    expect(document.statements.map((s) => s.valence)).toEqual(['negative', 'positive', 'negative', 'positive', 'neutral']);
    expect(document.statements.map((s) => s.createdAt)).toEqual([1000, NOW, NOW, NOW, NOW]);
  });

  it('orders statements by the numbers in the file, and links name those numbers', () => {
    const document = accepted('number,text\n10,Ten\n2,Two\n5,Five\n', 'from,to,reads\n10,2,may not lead to\n2,5,may lead to\n');
    expect(document.statements.map((s) => `${s.number} ${s.text}`)).toEqual(['1 Two', '2 Five', '3 Ten']);
    const idOf = (text: string) => document.statements.find((s) => s.text === text)?.id;
    expect(document.links.map((l) => [l.from, l.polarity, l.to])).toEqual([
      [idOf('Ten'), '-', idOf('Two')],
      [idOf('Two'), '+', idOf('Five')],
    ]);
  });

  it('lays statements out on a grid of 4 columns, 280 px apart and 140 px rows', () => {
    const document = accepted('text\nA\nB\nC\nD\nE\nF\n');
    expect(document.statements.map((s) => [s.x, s.y])).toEqual([[0, 0], [280, 0], [560, 0], [840, 0], [0, 140], [280, 140]]);
  });

  it('skips blank rows and Excel rows of empty cells but counts them in row numbers', () => {
    expect(accepted('text,valence\n\nA,bad\n,\n , \nB,good\n\n\n').statements.map((s) => s.text)).toEqual(['A', 'B']);
    expect(accepted('text;valence\nA;bad\n;;\n').statements.map((s) => s.text)).toEqual(['A']);
    expect(problemsFor('text,valence\n\n,\nA,awful\n')).toEqual([
      'Row 4, column "valence": must be bad, neutral or good (or negative/positive), not "awful"',
    ]);
  });

  it('treats a wholly blank number column as no numbers, and an empty links table as no links', () => {
    expect(accepted('number,text\n,A\n,B\n').statements.map((s) => s.number)).toEqual([1, 2]);
    expect(accepted('text\nA\n', '\n').links).toEqual([]);
    expect(accepted('text\nA\n', 'from,to,polarity\n').links).toEqual([]);
  });

  it('gives every statement and link a new id and keeps the title within 500 characters', () => {
    const first = accepted('text\nA\nB\n', 'from,to,polarity\n1,2,+\n');
    const second = accepted('text\nA\nB\n', 'from,to,polarity\n1,2,+\n', 'x'.repeat(600));
    const ids = [...first.statements, ...first.links, ...second.statements, ...second.links].map((item) => item.id);
    expect(new Set(ids).size).toBe(6);
    expect(second.title).toHaveLength(500);
  });

  it('accepts polarity with reads, a look-alike minus, and a leading apostrophe from a spreadsheet', () => {
    const document = accepted('text\nA\nB\nC\n', 'from,to,polarity,reads\n1,2,−,may not lead to\n2,3,\'+,\n3,1,,May  Lead To\n');
    expect(document.links.map((l) => l.polarity)).toEqual(['-', '+', '+']);
  });

  it('round-trips a map through the CSV export columns', () => {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana', Date.UTC(2024, 0, 1));
    const ids = [
      addStatement(doc, { text: 'Mrs A feels isolated', x: 0, y: 0, valence: 'negative' }, ana),
      addStatement(doc, { text: 'She stops going to the "lunch club", then', x: 10, y: 0 }, ana),
      addStatement(doc, { text: 'Her mood\ndrops', x: 20, y: 0, valence: 'negative' }, ana),
      addStatement(doc, { text: 'Her neighbour visits', x: 30, y: 0, valence: 'positive' }, ana),
    ];
    const [a, b, c, d] = ids as [string, string, string, string];
    addLink(doc, { from: a, to: b }, ana);
    addLink(doc, { from: b, to: c }, ana);
    addLink(doc, { from: c, to: a }, ana);
    addLink(doc, { from: d, to: a, polarity: '-' }, ana);
    const csv = exportCsv(doc);
    const document = accepted(csv.statements, csv.links);
    const again = new Y.Doc();
    importIntoDoc(again, document);
    expect(picture(again)).toEqual(picture(doc));
    const before = readMap(doc).statements;
    expect(readMap(again).statements.map((s) => [s.valence, s.createdAt, s.createdBy])).toEqual(
      before.map((s) => [s.valence, s.createdAt, s.createdBy]),
    );
    expect(exportCsv(again)).toEqual(csv);
  });
});

describe('problems with CSV tables, in words', () => {
  it('names the row (as the spreadsheet numbers it) and the column', () => {
    expect(problemsFor('number,text,valence\n1,Pain,bad\n2,Falls,terrible\n3,,good\n')).toEqual([
      'Row 3, column "valence": must be bad, neutral or good (or negative/positive), not "terrible"',
      'Row 4, column "text": is empty',
    ]);
    expect(problemsFor('text\n   \n')).toEqual(['The statements table has no statements, only its header row']);
    expect(problemsFor('text,valence\n" ",bad\n')).toEqual(['Row 2, column "text": is empty']);
  });

  it('says which columns a table has when a needed one is missing', () => {
    expect(problemsFor('number,texte,valence\n1,A,bad\n')).toEqual([
      'The statements table has no "text" column (its columns are: "number", "texte", "valence")',
    ]);
    expect(problemsFor('from,to,polarity\n1,2,+\n')).toEqual([
      'The statements table has no "text" column (its columns are: "from", "to", "polarity"); it looks like a links table',
    ]);
    expect(problemsFor('text\nA\n', 'source,to,sign\n1,2,+\n')).toEqual([
      'The links table has no "from" column (its columns are: "source", "to", "sign")',
      'The links table has neither a "polarity" nor a "reads" column (its columns are: "source", "to", "sign")',
    ]);
    expect(problemsFor('')).toEqual(['The statements table is empty']);
    expect(problemsFor('\n\n')).toEqual(['The statements table is empty']);
  });

  it('says where a quote is never closed', () => {
    expect(problemsFor('text\nA\nB\nC\n"D\n')).toEqual(['Row 5: a quote is never closed']);
    expect(problemsFor('text\nA\n', 'from,to,polarity\n1,1,+\n"1,2,+\n')).toEqual(['Links row 3: a quote is never closed']);
  });

  it('refuses numbers that are not whole numbers, are used twice, or are missing from some rows', () => {
    expect(problemsFor('number,text\n1,A\nx,B\n1,C\n,D\n0,E\n')).toEqual([
      'Row 3, column "number": must be a whole number (1, 2, 3…), not "x"',
      'Row 4, column "number": 1 is used again (row 2 has it)',
      'Row 5, column "number": is empty (number every row, or leave the whole column empty)',
      'Row 6, column "number": must be a whole number (1, 2, 3…), not "0"',
    ]);
    expect(accepted('number,text\n3.0,A\n').statements[0]?.text).toBe('A');
  });

  it('refuses times it cannot read and names too long', () => {
    expect(problemsFor(`text,created_at,created_by\nA,yesterday,Ana\nB,,${'n'.repeat(201)}\n`)).toEqual([
      'Row 2, column "created_at": must be a date and time like 2024-05-01T09:30:00Z, or milliseconds since 1970, not "yesterday"',
      'Row 3, column "created_by": is longer than 200 characters',
    ]);
  });

  it('keeps to the limits of the JSON import: 10,000 characters of text, 20,000 statements', () => {
    expect(problemsFor(`text\n${'a'.repeat(10_001)}\n`)).toEqual(['Row 2, column "text": is longer than 10,000 characters']);
    expect(problemsFor(`text\n${'a\n'.repeat(20_001)}`)).toEqual([
      'The statements table has more than 20,000 statements; this app reads at most 20,000',
    ]);
    expect(accepted(`text\n${'a\n'.repeat(20_000)}`).statements).toHaveLength(20_000);
  });

  it('names the links row and column of a missing, unknown or unreadable end', () => {
    const statements = 'number,text\n1,A\n2,B\n3,C\n';
    expect(problemsFor(statements, 'from,to,polarity\n1,2,+\n,3,+\n2,x,+\n3,12,-\n')).toEqual([
      'Links row 3, column "from": is empty',
      'Links row 4, column "to": must be a statement number, not "x"',
      'Links row 5, column "to": no statement has number 12',
    ]);
  });

  it('refuses a polarity or reads it cannot read, both empty, or the two disagreeing', () => {
    const statements = 'text\nA\nB\nC\n';
    expect(problemsFor(statements, 'from,to,polarity,reads\n1,2,x,\n2,3,,causes\n3,1,,\n1,3,+,may not lead to\n')).toEqual([
      'Links row 2, column "polarity": must be + (may lead to) or - (may not lead to), not "x"',
      'Links row 3, column "reads": must be "may lead to" or "may not lead to", not "causes"',
      'Links row 4, column "polarity": is empty (write + or -, or fill "reads")',
      'Links row 5: "polarity" says + but "reads" says "may not lead to"',
    ]);
    expect(problemsFor(statements, 'from,to,polarity\n1,2,\n')).toEqual(['Links row 2, column "polarity": is empty']);
    expect(problemsFor(statements, 'from,to,reads\n1,2,\n')).toEqual(['Links row 2, column "reads": is empty']);
  });

  it('refuses self-links and a second link for the same pair, naming the rows', () => {
    expect(problemsFor('text\nA\nB\n', 'from,to,polarity\n1,2,+\n2,2,+\n2,1,-\n1,2,-\n')).toEqual([
      'Links row 3: statement 2 cannot lead to itself ("from" and "to" are both 2)',
      'Links row 5: 1 → 2 is already linked in links row 2',
    ]);
  });

  it('does not blame links for statement numbers that could not be read', () => {
    expect(problemsFor('number,text\n1,A\nx,B\n', 'from,to,polarity\n1,7,+\n')).toEqual([
      'Row 3, column "number": must be a whole number (1, 2, 3…), not "x"',
    ]);
  });

  it('lists at most 20 problems, then says how many more', () => {
    const problems = problemsFor(`text,valence\n${'A,awful\n'.repeat(25)}`);
    expect(problems).toHaveLength(21);
    expect(problems[0]).toBe('Row 2, column "valence": must be bad, neutral or good (or negative/positive), not "awful"');
    expect(problems[20]).toBe('…and 5 more problems.');
  });
});

describe('telling a links table from a statements table', () => {
  it('looks for from and to columns in the header', () => {
    expect(looksLikeLinksTable(fixture('links.csv'))).toBe(true);
    expect(looksLikeLinksTable('\uFEFF\nFrom;To;Reads\n1;2;may lead to')).toBe(true);
    expect(looksLikeLinksTable(fixture('statements.csv'))).toBe(false);
    expect(looksLikeLinksTable('')).toBe(false);
  });
});

describe('appending an import into an open map', () => {
  function mapOfThree(): { doc: Y.Doc; ids: string[] } {
    const doc = new Y.Doc();
    const ben = pinnedAuthor('Ben', 1_000);
    const ids = [
      addStatement(doc, { text: 'One', x: 0, y: 50 }, ben),
      addStatement(doc, { text: 'Two', x: 300, y: 100 }, ben),
      addStatement(doc, { text: 'Three', x: 600, y: 200 }, ben),
    ];
    addLink(doc, { from: ids[0]!, to: ids[1]! }, ben);
    return { doc, ids };
  }

  it('numbers the new statements after the map\'s own, with new ids, and remaps the links', () => {
    const { doc } = mapOfThree();
    const document = accepted('number,text,valence\n1,Four,bad\n2,Five,\n3,Six,good\n', 'from,to,polarity\n1,2,+\n2,3,-\n3,1,+\n');
    expect(lastNumber(doc)).toBe(3);
    appendIntoDoc(doc, document, { name: 'Ana' });
    expect(lastNumber(doc)).toBe(6);
    expect(picture(doc)).toEqual({
      statements: ['1 One', '2 Two', '3 Three', '4 Four', '5 Five', '6 Six'],
      links: ['1 + 2', '4 + 5', '5 - 6', '6 + 4'],
    });
    const fileIds = new Set(document.statements.map((s) => s.id));
    expect(readMap(doc).statements.filter((s) => fileIds.has(s.id))).toEqual([]);
    expect(readMap(doc).statements.slice(3).map((s) => [s.valence, s.createdBy, s.createdAt])).toEqual([
      ['negative', 'Ana', NOW],
      ['neutral', 'Ana', NOW],
      ['positive', 'Ana', NOW],
    ]);
  });

  it('places the import to the right of the map, level with its top', () => {
    const { doc } = mapOfThree();
    appendIntoDoc(doc, accepted('text\nA\nB\nC\nD\nE\n'), { name: 'Ana' });
    const added = readMap(doc).statements.slice(3);
    expect(added.map((s) => [s.x, s.y])).toEqual([
      [940, 50], [1220, 50], [1500, 50], [1780, 50], [940, 190],
    ]);
    const empty = new Y.Doc();
    appendIntoDoc(empty, accepted('text\nA\n'), { name: 'Ana' });
    expect(readMap(empty).statements.map((s) => [s.number, s.x, s.y])).toEqual([[1, 0, 0]]);
  });

  it('is one change: one update to the others and one undo step', () => {
    const { doc } = mapOfThree();
    const origin = { origin: 'local' };
    const { statements, links } = mapParts(doc);
    const undo = new Y.UndoManager([statements, links], { trackedOrigins: new Set([origin]) });
    let updates = 0;
    doc.on('update', () => (updates += 1));
    appendIntoDoc(doc, accepted('text\nA\nB\n', 'from,to,polarity\n1,2,+\n'), { name: 'Ana' }, origin);
    expect(updates).toBe(1);
    expect(readMap(doc).liveLinks).toHaveLength(2);
    undo.undo();
    expect(picture(doc)).toEqual({ statements: ['1 One', '2 Two', '3 Three'], links: ['1 + 2'] });
  });

  it('leaves out deleted statements and links of a JSON import document', () => {
    const { doc } = mapOfThree();
    const document = accepted('text\nA\nB\nC\n', 'from,to,polarity\n1,2,+\n2,3,+\n');
    const [a, b] = document.statements;
    const deleted: ImportDocument = {
      ...document,
      statements: document.statements.map((s) => (s === b ? { ...s, deletedAt: 5 } : s)),
      links: document.links.map((l) => (l.from === a?.id ? { ...l, deletedAt: 5 } : l)),
    };
    appendIntoDoc(doc, deleted, { name: 'Ana' });
    expect(picture(doc)).toEqual({ statements: ['1 One', '2 Two', '3 Three', '4 A', '5 C'], links: ['1 + 2'] });
  });
});
