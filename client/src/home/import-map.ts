import { type ApiResult, type CreatedMap, createMap } from '../app/api';

export type ImportResult = { ok: true; map: CreatedMap; title: string } | { ok: false; message: string };

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
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `This file is not JSON: ${reason}` };
  }
  if (!looksLikeMapFile(json)) {
    return { ok: false, message: 'This is not a causal map file: it has no "format": "causal-map".' };
  }
  const result: ApiResult<CreatedMap> = await createMap(json);
  if (!result.ok) return { ok: false, message: result.message };
  return { ok: true, map: result.value, title: titleOf(json) };
}
