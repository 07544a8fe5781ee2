import { readImportMessage } from '@causal-map/shared/import-problems';
import { type ApiResult, type CreatedMap, createMap } from '../app/api';
import { NOT_A_MAP_EXPORT, notJsonMessage } from './file-problem';

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
  const result: ApiResult<CreatedMap> = await createMap(json);
  if (!result.ok) {
    // The server's message is a lead line and then one problem a line (shared import-problems).
    const { lead, problems } = readImportMessage(result.message);
    return { ok: false, message: lead, problems };
  }
  return { ok: true, map: result.value, title: titleOf(json) };
}
