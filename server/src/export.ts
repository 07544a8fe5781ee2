import type { ServerResponse } from 'node:http';
import { Resvg } from '@resvg/resvg-js';
import type { ExportDocument, ExportLoop } from '@causal-map/shared/export-document';
import { type CsvTable, isCsvTable, toCsv, UTF8_BOM } from '@causal-map/shared/export/csv';
import { toDot } from '@causal-map/shared/export/dot';
import { contentDisposition, exportFileName } from '@causal-map/shared/export/file-name';
import { EXPORT_FORMATS, type ExportFormat, isExportFormat } from '@causal-map/shared/export/formats';
import { toGraphml } from '@causal-map/shared/export/graphml';
import { renderSvg } from '@causal-map/shared/export/svg';
import { sendError } from './http-util.js';
import { FONT_FILES, type Paper, buildReport } from './report.js';

// GET /api/docs/:id/export?format=… (SPEC §6): every format from one export document, the
// pictures from the one SVG renderer in shared/.

/** A PNG larger than this many pixels is drawn at a smaller scale than 2×, so it stays openable. */
const MAX_PNG_PIXELS = 40_000_000;

export interface ExportRequest {
  document: ExportDocument;
  notes: Readonly<Record<string, { title?: string; note?: string }>>;
  query: URLSearchParams;
  now: Date;
}

type Checked =
  | { ok: true; format: ExportFormat; loop: ExportLoop | undefined; table: CsvTable; paper: Paper }
  | { ok: false; message: string };

/** Reads and checks the query: the format, and the options that go with it. */
export function checkExportQuery(query: URLSearchParams, loops: readonly ExportLoop[]): Checked {
  const format = query.get('format') ?? '';
  if (!isExportFormat(format)) {
    return { ok: false, message: `Unknown format "${format}": use one of ${Object.keys(EXPORT_FORMATS).join(', ')}.` };
  }
  const label = query.get('loop');
  let loop: ExportLoop | undefined;
  if (label !== null) {
    if (format !== 'svg' && format !== 'png' && format !== 'pdf') {
      return { ok: false, message: 'loop= works with the svg, png and pdf formats.' };
    }
    loop = loops.find((each) => each.name === label);
    if (!loop) return { ok: false, message: `This map has no loop "${label}"; its loops are ${loops.map((each) => each.name).join(', ') || 'none yet'}.` };
  }
  const table = query.get('table') ?? 'statements';
  if (!isCsvTable(table)) return { ok: false, message: `Unknown table "${table}": use statements, links or loops.` };
  const paper = (query.get('paper') ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'letter') return { ok: false, message: 'paper= is a4 or letter.' };
  return { ok: true, format, loop, table, paper: paper === 'letter' ? 'LETTER' : 'A4' };
}

/** The SVG drawn at 2× on white, as PNG (smaller when the map is very large). */
export function svgToPng(svg: string, width: number, height: number): Buffer {
  const zoom = Math.min(2, Math.sqrt(MAX_PNG_PIXELS / Math.max(1, width * height)));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: zoom },
    background: '#ffffff',
    font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: 'Inter' },
  });
  return resvg.render().asPng();
}

/** The part of a map one loop runs through: its statements, its links, and it. */
function loopOnly(document: ExportDocument, loop: ExportLoop): ExportDocument {
  const statements = new Set(loop.statementIds);
  const links = new Set(loop.linkIds);
  return {
    ...document,
    title: `${document.title || 'Untitled map'}: loop ${loop.name}${loop.title ? ` “${loop.title}”` : ''}`,
    statements: document.statements.filter((statement) => statements.has(statement.id)),
    links: document.links.filter((link) => links.has(link.id)),
    loops: [loop],
  };
}

/** Answers an export request: the file with its type and name, or a 400 that says why not. */
export async function sendExport(response: ServerResponse, request: ExportRequest): Promise<void> {
  const { document, notes, query, now } = request;
  const checked = checkExportQuery(query, document.loops);
  if (!checked.ok) {
    sendError(response, 400, 'bad_export', checked.message);
    return;
  }
  const { format, loop } = checked;
  let body: string | Buffer;
  switch (format) {
    case 'json':
      body = JSON.stringify(document);
      break;
    case 'svg':
      body = renderSvg(document, { loop }).svg;
      break;
    case 'png': {
      const drawing = renderSvg(document, { loop });
      body = svgToPng(drawing.svg, drawing.width, drawing.height);
      break;
    }
    case 'pdf': {
      const only = loop ? loopOnly(document, loop) : document;
      body = await buildReport({ document: only, notes, now, paper: checked.paper });
      break;
    }
    case 'dot':
      body = toDot(document);
      break;
    case 'graphml':
      body = toGraphml(document);
      break;
    case 'csv':
      // The byte order mark makes Excel read the file as UTF-8 (accents, arrows).
      body = UTF8_BOM + toCsv(document, checked.table, notes);
      break;
  }
  const suffix = loop ? ` ${loop.name}` : format === 'csv' ? ` ${checked.table}` : '';
  const name = exportFileName(`${document.title || 'map'}${suffix}`, now, EXPORT_FORMATS[format].extension);
  response.writeHead(200, {
    'Content-Type': EXPORT_FORMATS[format].contentType,
    'Content-Disposition': contentDisposition(name),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}
