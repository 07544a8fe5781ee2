import { type ExportDocument, toExportDocument } from '@causal-map/shared/export-document';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { readLoopNotes } from '@causal-map/shared/loop';
import { clientAddress } from './client-address.js';
import { sendExport } from './export.js';
import { mapAt, momentOf } from './time-travel.js';
import { UTF8_BOM } from '@causal-map/shared/export/csv';
import { contentDisposition, exportFileName } from '@causal-map/shared/export/file-name';
import { historyInWorker, stepsInWorker } from './journal-jobs.js';
import { historyCsv } from '@causal-map/shared/history-csv';
import { RateLimiter, readJsonBody, sendError, sendJson, sendJsonText } from './http-util.js';
import { type MapLimits, createMap } from './maps.js';
import { rotateTokens } from './rotate-tokens.js';
import type { Rooms } from './rooms.js';
import { setSecurityHeaders } from './security-headers.js';
import { createStaticHandler } from './static.js';
import type { Storage } from './storage.js';
import { authorize, isMapId, tokenOf } from './tokens.js';

export interface HttpOptions {
  storage: Storage;
  rooms: Rooms;
  log: Logger;
  clientDir: string;
  maxBodyBytes: number;
  /** What a new or imported map must keep to. */
  limits: MapLimits;
  createsPerMinute: number;
  trustedProxy: string | null;
  /** The most loops listed when a map is shown as it was at a moment. */
  maxLoops: number;
  /** Closes a map's open connections whose token was rotated away (on every node). */
  revoke: (mapId: string) => void;
  /** What /healthz reports: each part that must work for this node to take changes. */
  health: () => Promise<Health>;
  /** Why changes cannot be accepted now, or null. */
  writeRefusal: () => string | null;
}

export interface Health {
  ok: boolean;
  database: 'ok' | 'down';
  redis: 'ok' | 'down' | 'not used';
  /** How many maps this node has open, and keeps. */
  openMaps: number;
  keeping: number;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const MAP_ROUTE = /^\/api\/docs\/([^/]+)(?:\/(loops|history|journal|tokens|access|export))?\/?$/;

/** The HTTP side of SPEC §3, plus the built client for every other GET. */
export function createHttpHandler(options: HttpOptions): Handler {
  const { storage, rooms, log } = options;
  const serveStatic = createStaticHandler(options.clientDir);
  const creates = new RateLimiter(options.createsPerMinute);

  async function postDocs(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!creates.allow(clientAddress(request, options.trustedProxy))) {
      sendError(response, 429, 'too_many_requests', 'Too many new maps from this address; wait a minute and try again.');
      return;
    }
    const body = await readJsonBody(request, options.maxBodyBytes);
    switch (body.kind) {
      case 'too-large':
        response.setHeader('Connection', 'close');
        sendError(response, 413, 'too_large', `The body is larger than ${options.maxBodyBytes} bytes; split the map or remove unused statements.`);
        return;
      case 'invalid':
        sendError(response, 400, 'invalid_json', `${body.message} Send a JSON object such as {"title": "Mrs A"}.`);
        return;
      case 'empty':
      case 'json': {
        const refusal = options.writeRefusal();
        if (refusal !== null) {
          sendError(response, 503, 'unavailable', `This server cannot store new maps just now (${refusal}); try again in a moment.`);
          return;
        }
        const result = await createMap(storage, body.kind === 'json' ? body.value : {}, options.limits);
        if (!result.ok) {
          sendError(response, result.code === 'too_large' ? 413 : 400, result.code, result.message, { errors: result.errors });
          return;
        }
        log.info({ map: result.map.id }, 'map created');
        sendJson(response, 201, result.map);
        return;
      }
    }
  }

  async function getDoc(request: IncomingMessage, response: ServerResponse, url: URL, id: string, part: string | undefined): Promise<void> {
    const record = isMapId(id) ? await storage.getMap(id) : undefined;
    if (!record) {
      sendError(response, 404, 'not_found', 'There is no map with this id. Check the link.');
      return;
    }
    const access = authorize(record, tokenOf(request, url));
    if (!access) {
      sendError(response, 401, 'unauthorized', "Add the map's edit or view token as `Authorization: Bearer <token>` or `?token=<token>`.");
      return;
    }
    if (part === 'access') {
      // What this token may do, without loading the map: the web app asks this on opening a link.
      sendJson(response, 200, { role: access, title: record.title });
      return;
    }
    if (part === 'history') {
      await sendHistory(response, url, id, record.title);
      return;
    }
    if (part === 'journal') {
      // The raw record behind history and replay: every update, base64, with time and sender;
      // and for a replay, the events worked out here (on a thread of their own) with the entry
      // each belongs to, so the browser only has to apply updates.
      const journal = (await rooms.journal(id)) ?? [];
      const entries = journal.map((entry) => ({ receivedAt: entry.receivedAt, by: entry.by, update: Buffer.from(entry.update).toString('base64') }));
      const steps = await stepsInWorker(journal, options.maxLoops);
      sendJson(response, 200, { entries, events: steps.events, eventEntries: steps.entries, vicious: steps.vicious });
      return;
    }
    const at = momentOf(url.searchParams);
    if (at !== null && (part === undefined || part === 'export')) {
      await sendMoment(response, url, id, record.createdAt, at, part);
      return;
    }
    const loops = await rooms.loops(id);
    if (!loops) {
      sendError(response, 404, 'not_found', 'There is no map with this id. Check the link.');
      return;
    }
    if (part === 'loops') {
      if (loops.kind === 'failed') {
        const message =
          loops.reason === 'timeout'
            ? 'Working out the loops of this map took too long: it is too densely linked. Remove some links and try again.'
            : 'The loops of this map could not be worked out just now; try again.';
        sendError(response, 503, 'loops_unavailable', message);
        return;
      }
      sendJsonText(response, 200, `{"loops":${loops.loopsJson},"truncated":${loops.truncated}}`);
      return;
    }
    const read = await rooms.read(id, (doc) => ({ document: toExportDocument(doc), notes: readLoopNotes(doc) }));
    if (!read) {
      sendError(response, 404, 'not_found', 'There is no map with this id. Check the link.');
      return;
    }
    const { document } = read;
    if (loops.kind === 'failed') log.warn({ map: id, message: loops.message }, 'exporting a map without its loops');
    if (part === 'export') {
      const exportLoops = loops.kind === 'done' ? (JSON.parse(loops.loopsJson) as ExportDocument['loops']) : [];
      await sendExport(response, { document: { ...document, loops: exportLoops }, notes: read.notes, query: url.searchParams, now: new Date() });
      return;
    }
    // The map itself matters more than its derived loops: export it even if they are missing.
    sendJsonText(response, 200, exportDocumentJson(document, loops.kind === 'done' ? loops.loopsJson : '[]'));
  }

  /** GET /api/docs/:id/history (SPEC §3): the events derived from the journal, JSON or CSV. */
  async function sendHistory(response: ServerResponse, url: URL, id: string, title: string): Promise<void> {
    const format = url.searchParams.get('format') ?? 'json';
    if (format !== 'json' && format !== 'csv') {
      sendError(response, 400, 'bad_format', 'format= is json (the default) or csv.');
      return;
    }
    const journal = await rooms.journal(id);
    if (!journal) {
      sendError(response, 404, 'not_found', 'There is no map with this id. Check the link.');
      return;
    }
    const events = await historyInWorker(journal, options.maxLoops);
    if (format === 'json') {
      sendJson(response, 200, { events });
      return;
    }
    const name = exportFileName(`${title || 'map'} history`, new Date(), 'csv');
    response.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': contentDisposition(name), 'Cache-Control': 'no-store' });
    // The byte order mark makes Excel read the file as UTF-8.
    response.end(UTF8_BOM + historyCsv(events));
  }

  /** GET /api/docs/:id?at= and …/export?…&at=: the map as it was then, from the journal. */
  async function sendMoment(response: ServerResponse, url: URL, id: string, createdAt: number, at: number, part: string | undefined): Promise<void> {
    if (!Number.isFinite(at)) {
      sendError(response, 400, 'bad_time', 'at= is a time in milliseconds since 1970 (UTC), e.g. at=1764547200000.');
      return;
    }
    const moment = await mapAt(await rooms.journal(id), createdAt, at, options.maxLoops);
    if (moment.kind !== 'found') {
      const message = moment.kind === 'not-yet' ? 'The map did not exist yet at that moment.' : 'There is no map with this id. Check the link.';
      sendError(response, 404, 'not_found', message);
      return;
    }
    if (part === 'export') {
      await sendExport(response, { document: moment.document, notes: moment.notes, query: url.searchParams, now: new Date(at) });
      return;
    }
    sendJson(response, 200, moment.document);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const reading = method === 'GET' || method === 'HEAD';
    if (path === '/healthz') {
      if (!reading) {
        methodNotAllowed(response, 'GET');
        return;
      }
      // 503 when the database or Redis is out of reach, so a load balancer stops sending here.
      const health = await options.health();
      sendJson(response, health.ok ? 200 : 503, health);
      return;
    }
    if (path === '/api/docs' || path === '/api/docs/') {
      if (method === 'POST') await postDocs(request, response);
      else methodNotAllowed(response, 'POST');
      return;
    }
    const mapRoute = MAP_ROUTE.exec(path);
    if (mapRoute?.[1] !== undefined && mapRoute[2] === 'tokens') {
      if (method === 'POST') await rotateTokens(request, response, url, mapRoute[1], options);
      else methodNotAllowed(response, 'POST');
      return;
    }
    if (mapRoute?.[1] !== undefined) {
      if (reading) await getDoc(request, response, url, mapRoute[1], mapRoute[2]);
      else methodNotAllowed(response, 'GET');
      return;
    }
    if (path === '/api' || path.startsWith('/api/')) {
      sendError(response, 404, 'not_found', 'No such API call; see the HTTP API in the docs.');
      return;
    }
    if (path === '/ws' || path.startsWith('/ws/')) {
      sendError(response, 426, 'upgrade_required', 'Connect to /ws/<map id>?token=<token> with a websocket.');
      return;
    }
    if (reading) serveStatic(request, response);
    else methodNotAllowed(response, 'GET');
  }

  return (request, response) => {
    const started = performance.now();
    setSecurityHeaders(request, response);
    response.on('finish', () => {
      // The path only: the query may hold a token.
      const path = (request.url ?? '/').split('?')[0];
      log.info({ method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - started) }, 'request');
    });
    route(request, response).catch((error: unknown) => {
      log.error({ err: error, path: (request.url ?? '/').split('?')[0] }, 'request failed');
      if (!response.headersSent) sendError(response, 500, 'internal', 'Something went wrong on the server; try again.');
      else response.destroy();
    });
  };
}

function methodNotAllowed(response: ServerResponse, allowed: string): void {
  response.setHeader('Allow', allowed);
  sendError(response, 405, 'method_not_allowed', `Use ${allowed} here.`);
}

/** The export document as JSON, with the loops (already JSON) put in without parsing them again. */
function exportDocumentJson(document: ExportDocument, loopsJson: string): string {
  const text = JSON.stringify({ ...document, loops: [] });
  const tail = '"loops":[]}';
  if (text.endsWith(tail)) return `${text.slice(0, -tail.length)}"loops":${loopsJson}}`;
  return JSON.stringify({ ...document, loops: JSON.parse(loopsJson) as unknown });
}
