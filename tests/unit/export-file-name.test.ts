import { contentDisposition, exportFileName, safeTitle } from '@causal-map/shared/export/file-name';
import { EXPORT_FORMATS, isExportFormat } from '@causal-map/shared/export/formats';
import { describe, expect, it } from 'vitest';

const day = new Date('2025-11-21T09:00:00Z');

/** The two file names a Content-Disposition header carries, the RFC 5987 one decoded. */
function fileNames(header: string): { fallback: string; exact: string } {
  const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]*)$/.exec(header);
  if (!match) throw new Error(`not a well-formed header: ${header}`);
  return { fallback: match[1]!, exact: decodeURIComponent(match[2]!) };
}

describe('export file names', () => {
  it('are <title>-<YYYY-MM-DD>.<ext>', () => {
    expect(exportFileName('Dementia case (illustrative)', day, 'svg')).toBe('Dementia case (illustrative)-2025-11-21.svg');
    expect(exportFileName('Dementia case', day, '.csv')).toBe('Dementia case-2025-11-21.csv');
  });

  it('take the date as the UTC calendar day', () => {
    expect(exportFileName('Map', new Date('2025-11-21T23:30:00-05:00'), 'pdf')).toBe('Map-2025-11-22.pdf');
  });

  it('drop what file systems refuse, collapse white space and hidden-file dots', () => {
    expect(safeTitle('  Mrs A: home / care?  ')).toBe('Mrs A home care');
    expect(safeTitle('a\\b*c"d<e>f|g')).toBe('a b c d e f g');
    expect(safeTitle('line one\nline\ttwo\u0000three\u007f')).toBe('line one line two three');
    expect(safeTitle('...hidden')).toBe('hidden');
    expect(safeTitle('Café 👵🏽 地図')).toBe('Café 👵🏽 地図');
  });

  it('call a map with no usable title "map"', () => {
    expect(safeTitle('')).toBe('map');
    expect(safeTitle(' /:*? ')).toBe('map');
    expect(exportFileName('', day, 'json')).toBe('map-2025-11-21.json');
  });

  it('keep at most 80 characters of the title, never splitting one, and stay under 255 bytes', () => {
    expect(safeTitle('x'.repeat(200))).toBe('x'.repeat(80));
    const family = '👩‍👩‍👧‍👦';
    const families = safeTitle(family.repeat(100));
    expect(families.length % family.length).toBe(0);
    const cjk = exportFileName('地'.repeat(100), day, 'graphml');
    expect(Buffer.byteLength(cjk, 'utf8')).toBeLessThanOrEqual(255);
    expect(safeTitle('a'.repeat(79) + ' b')).toBe('a'.repeat(79));
  });

  it('normalise accents to one form (NFC), so the same title gives the same name', () => {
    expect(safeTitle('Cafe\u0301')).toBe('Caf\u00e9');
  });
});

describe('Content-Disposition', () => {
  it('carries an ASCII fallback and the exact UTF-8 name (RFC 6266)', () => {
    expect(contentDisposition('Dementia case-2025-11-21.svg')).toBe(
      `attachment; filename="Dementia case-2025-11-21.svg"; filename*=UTF-8''Dementia%20case-2025-11-21.svg`,
    );
    expect(contentDisposition('Café-2025-11-21.csv')).toBe(
      `attachment; filename="Cafe-2025-11-21.csv"; filename*=UTF-8''Caf%C3%A9-2025-11-21.csv`,
    );
  });

  it('round-trips any name through filename*, and keeps the fallback a plain quoted ASCII string', () => {
    for (const name of ['地図-2025-11-21.pdf', 'Mrs A\'s (care) plan*-2025-11-21.dot', '100% "sure" \\ ok.csv', 'a\r\nSet-Cookie: x.json', '👵🏽.png']) {
      const header = contentDisposition(name);
      expect(header).not.toMatch(/[\r\n]/);
      const { fallback, exact } = fileNames(header);
      expect(exact).toBe(name);
      expect(fallback).toMatch(/^[\x20-\x7e]*$/);
      expect(fallback).not.toMatch(/["\\%]/);
    }
    expect(fileNames(contentDisposition('地図-2025-11-21.pdf')).fallback).toBe('_-2025-11-21.pdf');
  });

  it('survives a lone surrogate in a name', () => {
    expect(fileNames(contentDisposition('a\uD800b.json')).exact).toBe('a\uFFFDb.json');
  });

  it('works with the names exportFileName makes', () => {
    const name = exportFileName('Équipe: Mrs A / home', day, 'graphml');
    expect(name).toBe('Équipe Mrs A home-2025-11-21.graphml');
    expect(fileNames(contentDisposition(name))).toEqual({ fallback: 'Equipe Mrs A home-2025-11-21.graphml', exact: name });
  });
});

describe('export formats', () => {
  it('give each format of SPEC §6 its extension and Content-Type', () => {
    expect(
      Object.fromEntries(Object.entries(EXPORT_FORMATS).map(([format, info]) => [format, `${info.extension} ${info.contentType}`])),
    ).toEqual({
      json: 'json application/json',
      svg: 'svg image/svg+xml',
      png: 'png image/png',
      pdf: 'pdf application/pdf',
      dot: 'dot text/vnd.graphviz',
      graphml: 'graphml application/graphml+xml',
      csv: 'csv text/csv; charset=utf-8',
    });
  });

  it('tell a format name from anything else', () => {
    for (const format of ['json', 'svg', 'png', 'pdf', 'dot', 'graphml', 'csv']) expect(isExportFormat(format)).toBe(true);
    for (const other of ['xml', 'DOT', '', 'toString', '__proto__', 'constructor', null, 3]) expect(isExportFormat(other)).toBe(false);
  });
});
