import { readImportMessage } from '@causal-map/shared/import-problems';
import { type ApiResult, type CreatedMap, createMap } from '../app/api';
import { readName } from '../user/identity';
import { NOT_A_MAP_EXPORT, WRONG_FILES, csvTablesProblem, notJsonMessage } from './file-problem';

/** A refused file: a lead sentence, and the problems in it when there are several to list. */
export interface ImportRefusal {
  ok: false;
  message: string;
  problems: string[];
}

export type ImportResult = { ok: true; map: CreatedMap; title: string } | ImportRefusal;

function titleOf(json: unknown): string {
  if (typeof json !== 'object' || json === null || !('title' in json)) return '';
  return typeof json.title === 'string' ? json.title : '';
}

// The same test as shared `looksLikeExportDocument`, kept here so the page does not load the
// file checker (and its zod) just to ask this; the server checks the file fully.
function looksLikeMapFile(json: unknown): boolean {
  return typeof json === 'object' && json !== null && ('format' in json || 'statements' in json);
}

/**
 * Sends a map file to the server, which checks it and makes a new map from it. Only files that
 * look like a map export go out: a stray `{"title": …}` file must not quietly make an empty map.
 */
export async function importMapFile(file: File): Promise<ImportResult> {
  const text = await file.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: notJsonMessage(text, error), problems: [] };
  }
  if (!looksLikeMapFile(json)) return { ok: false, message: NOT_A_MAP_EXPORT, problems: [] };
  return sendToServer(json, titleOf(json));
}

async function sendToServer(document: unknown, title: string): Promise<ImportResult> {
  const result: ApiResult<CreatedMap> = await createMap(document);
  if (!result.ok) {
    // The server's message is a lead line and then one problem a line (shared import-problems).
    const { lead, problems } = readImportMessage(result.message);
    return { ok: false, message: lead, problems };
  }
  return { ok: true, map: result.value, title };
}

/** A CSV table by its name or its type (browsers on Windows may give a .csv another type). */
export function isCsvFile(file: File): boolean {
  return /\.csv$/i.test(file.name) || file.type === 'text/csv';
}

/** A file's name without its extension: "Mrs A statements.csv" → "Mrs A statements". */
export function titleFromFileName(name: string): string {
  return name.replace(/\.[^.]*$/, '').trim();
}

/**
 * Makes a new map from CSV tables (SPEC §6 columns): one file is the statements table; of two,
 * the one whose header has "from" and "to" is the links table. The tables become an export
 * document here and go to the server exactly as a map file does.
 */
export async function importCsvFiles(files: readonly File[]): Promise<ImportResult> {
  // Loaded only when a CSV arrives: it brings Yjs, which the home page does not need otherwise.
  let reader: typeof import('@causal-map/shared/csv-import');
  try {
    reader = await import('@causal-map/shared/csv-import');
  } catch {
    return { ok: false, message: 'Could not load the CSV reader. Check your connection and try again.', problems: [] };
  }
  const { csvToImportDocument, looksLikeLinksTable } = reader;
  const texts = await Promise.all(files.map((file) => file.text()));
  const isLinks = texts.map((text) => looksLikeLinksTable(text));
  const problem = csvTablesProblem(files.length, isLinks.filter(Boolean).length);
  const statementsAt = isLinks.indexOf(false);
  const statementsFile = files[statementsAt];
  if (problem || !statementsFile) return { ok: false, message: problem ?? WRONG_FILES, problems: [] };
  const linksAt = isLinks.indexOf(true);
  const result = csvToImportDocument(
    texts[statementsAt] ?? '',
    linksAt < 0 ? null : (texts[linksAt] ?? ''),
    titleFromFileName(statementsFile.name),
    // Rows that do not say who wrote them are the importer's, as statements they add are.
    { createdBy: readName() ?? '' },
  );
  if (!result.ok) {
    const lead = files.length > 1 ? 'These tables cannot be imported as a map:' : 'This table cannot be imported as a map:';
    return { ok: false, message: lead, problems: result.problems };
  }
  return sendToServer(result.document, result.document.title);
}

/** Imports what was picked or dropped: one map file (.json), or one or two CSV tables. */
export async function importMapFiles(files: readonly File[]): Promise<ImportResult> {
  const csv = files.filter(isCsvFile);
  const [first] = files;
  if (first && files.length === 1 && csv.length === 0) return importMapFile(first);
  if (csv.length === 0 || csv.length !== files.length || files.length > 2) return { ok: false, message: WRONG_FILES, problems: [] };
  return importCsvFiles(csv);
}
