import type { ExportDocument } from '@causal-map/shared/export-document';
import type { HistoryEvent } from '@causal-map/shared/history';

/** What the server gives back for a new or imported map. */
export interface CreatedMap {
  id: string;
  editToken: string;
  viewToken: string;
}

export type ApiResult<T> =
  | { ok: true; value: T }
  | { ok: false; status: number; message: string };

interface ErrorBody {
  error?: { code?: unknown; message?: unknown };
}

async function readError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as ErrorBody;
    if (typeof body.error?.message === 'string') return body.error.message;
  } catch {
    // Not JSON (a proxy's error page, say): fall through to the status line.
  }
  return `The server answered ${response.status} ${response.statusText}`.trim();
}

/** Status 0 in a failed result: the server could not be reached at all. */
export const UNREACHABLE = 0;

/** Calls the API; the answer is read as JSON unless `read` says otherwise (a file, say). */
async function request<T>(path: string, init: RequestInit, read = (response: Response) => response.json() as Promise<T>): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: UNREACHABLE, message: 'Could not reach the server. Check your connection and try again.' };
  }
  if (!response.ok) return { ok: false, status: response.status, message: await readError(response) };
  try {
    return { ok: true, value: await read(response) };
  } catch {
    return { ok: false, status: response.status, message: 'The server sent an answer this page cannot read.' };
  }
}

/** A GET with the map's token in a header, never in the address. */
function readMap<T>(mapId: string, token: string, part: string, read?: (response: Response) => Promise<T>): Promise<ApiResult<T>> {
  return request<T>(`/api/docs/${encodeURIComponent(mapId)}${part}`, { headers: { Authorization: `Bearer ${token}` } }, read);
}

/** Creates an empty map with a title, or imports a map file when `body` is an export document. */
export function createMap(body: unknown): Promise<ApiResult<CreatedMap>> {
  return request<CreatedMap>('/api/docs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Reads a map with its token; the token goes in a header, never in the address. */
export function fetchMap(mapId: string, token: string, at?: number): Promise<ApiResult<ExportDocument>> {
  return readMap<ExportDocument>(mapId, token, at === undefined ? '' : `?at=${Math.floor(at)}`);
}

/** An export file made by the server (SPEC §6), e.g. `format=pdf&paper=a4`. */
export function fetchExport(mapId: string, token: string, query: URLSearchParams): Promise<ApiResult<Blob>> {
  return readMap(mapId, token, `/export?${query}`, (response) => response.blob());
}

/** The map's events (SPEC §3 history). */
export function fetchHistory(mapId: string, token: string): Promise<ApiResult<{ events: HistoryEvent[] }>> {
  return readMap(mapId, token, '/history');
}

/** The map's journal: every update with its time and sender, the updates as base64. */
/** A map's journal, with the events a replay steps through (worked out on the server). */
export interface JournalAnswer {
  entries: { receivedAt: number; by: string | null; update: string }[];
  events: HistoryEvent[];
  /** For each event, the index of the journal entry after which it had happened. */
  eventEntries: number[];
  /** The `seq` of each `loop-closed` event whose loop was vicious when it closed. */
  vicious: number[];
}

export function fetchJournal(mapId: string, token: string): Promise<ApiResult<JournalAnswer>> {
  return readMap(mapId, token, '/journal');
}

/** What a token may do on a map (SPEC §3), asked without loading the map. */
export interface MapAccessAnswer {
  role: 'edit' | 'view';
  title: string;
}

/** Asks the server what this token may do; the token goes in a header. */
export function fetchAccess(mapId: string, token: string): Promise<ApiResult<MapAccessAnswer>> {
  return readMap<MapAccessAnswer>(mapId, token, '/access');
}

/** Which links to replace: the edit link, the view-only link, or both. */
export type LinkKind = 'edit' | 'view' | 'both';

/** The new tokens: only those that were replaced. */
export interface ReplacedTokens {
  editToken?: string;
  viewToken?: string;
}

/** Replaces links to a map; the old ones stop working at once, open connections included. */
export function replaceLinks(mapId: string, editToken: string, which: LinkKind): Promise<ApiResult<ReplacedTokens>> {
  return request<ReplacedTokens>(`/api/docs/${encodeURIComponent(mapId)}/tokens`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${editToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ rotate: which }),
  });
}
