import type { ExportDocument } from '@causal-map/shared/export-document';
import { toExportDocument } from '@causal-map/shared/export-document';
import { type CsvTable, toCsv } from '@causal-map/shared/export/csv';
import { toDot } from '@causal-map/shared/export/dot';
import { exportFileName } from '@causal-map/shared/export/file-name';
import { EXPORT_FORMATS, type ExportFormat } from '@causal-map/shared/export/formats';
import { toGraphml } from '@causal-map/shared/export/graphml';
import { renderSvg } from '@causal-map/shared/export/svg';
import { readLoopNotes, toExportLoop } from '@causal-map/shared/loop';
import { UNREACHABLE, fetchExport } from '../app/api';
import type { MapSession } from '../map/map-session';

// The app's exports. Text formats and the SVG are made here, from this person's copy of the map
// with the same code the server uses (they work offline too); the PNG and the PDF report come
// from the server, which has the font and the PDF library, so the app stays small.

export interface ExportChoice {
  format: ExportFormat;
  /** A loop's label: only that loop (svg, png, pdf). */
  loop?: string;
  table?: CsvTable;
  paper?: 'a4' | 'letter';
  /** The map as it was at this moment (ms since epoch): made by the server, from its journal. */
  at?: number;
}

export interface ExportedFile {
  blob: Blob;
  name: string;
}

/** The map as this person has it now, with the loops as the Loops panel lists them. */
export function currentDocument(session: MapSession): ExportDocument {
  return toExportDocument(session.doc, session.store.getState().loops.map(toExportLoop));
}

function fileName(document: ExportDocument, choice: ExportChoice): string {
  const suffix = choice.loop ? ` ${choice.loop}` : choice.format === 'csv' ? ` ${choice.table ?? 'statements'}` : '';
  return exportFileName(`${document.title || 'map'}${suffix}`, new Date(choice.at ?? Date.now()), EXPORT_FORMATS[choice.format].extension);
}

/** Asks the server for an export (the PNG and the PDF, or any past moment), with this person's token. */
async function fromServer(session: MapSession, token: string, choice: ExportChoice): Promise<Blob> {
  const query = new URLSearchParams({ format: choice.format });
  if (choice.loop) query.set('loop', choice.loop);
  if (choice.paper) query.set('paper', choice.paper);
  if (choice.table) query.set('table', choice.table);
  if (choice.at !== undefined) query.set('at', String(Math.floor(choice.at)));
  const result = await fetchExport(session.mapId, token, query);
  if (result.ok) return result.value;
  throw new Error(
    result.status === UNREACHABLE ? 'This export comes from the server, which cannot be reached now. Try again when you are connected.' : result.message,
  );
}

/** Makes one export file. Throws an Error whose message says what went wrong, in words. */
export async function makeExport(session: MapSession, token: string, choice: ExportChoice): Promise<ExportedFile> {
  const document = currentDocument(session);
  const name = fileName(document, choice);
  const type = EXPORT_FORMATS[choice.format].contentType;
  const loop = choice.loop ? document.loops.find((each) => each.name === choice.loop) : undefined;
  // Only the server knows how the map was before: it keeps every change with its time.
  if (choice.at !== undefined) return { blob: await fromServer(session, token, choice), name };
  switch (choice.format) {
    case 'png':
    case 'pdf':
      return { blob: await fromServer(session, token, choice), name };
    case 'svg':
      return { blob: new Blob([renderSvg(document, { loop }).svg], { type }), name };
    case 'json':
      return { blob: new Blob([JSON.stringify(document, null, 2)], { type }), name };
    case 'dot':
      return { blob: new Blob([toDot(document)], { type }), name };
    case 'graphml':
      return { blob: new Blob([toGraphml(document)], { type }), name };
    case 'csv':
      return { blob: new Blob(['\uFEFF', toCsv(document, choice.table ?? 'statements', readLoopNotes(session.doc))], { type }), name };
  }
}

/** Saves a file the way a download link does. */
export function saveFile({ blob, name }: ExportedFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Puts the map's picture on the clipboard as PNG, for pasting into a report. */
export async function copyImage(session: MapSession, token: string, loop?: string): Promise<void> {
  if (!navigator.clipboard || typeof ClipboardItem === 'undefined') {
    throw new Error('This browser cannot put images on the clipboard; use Export → PNG image instead.');
  }
  // The item is given a promise at once, so the browser still counts the click as the reason.
  const png = fromServer(session, token, { format: 'png', loop });
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
}
