import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  type CreatedMap,
  TestServer,
  connect,
  createMap,
  disconnectAll,
  fetchMap,
  openRawSocket,
  waitFor,
  whenSynced,
} from './helpers.js';
import { closeOf, mustOpen, openSocketWith } from './socket-helpers.js';

// Revoking links (POST /api/docs/:id/tokens) and the browser's way of sending a token: the
// `token.<token>` websocket subprotocol next to `causal-map`.

interface Rotated {
  editToken?: string;
  viewToken?: string;
}

async function rotate(baseUrl: string, id: string, token: string | null, body: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return fetch(`${baseUrl}/api/docs/${id}/tokens`, { method: 'POST', headers, body });
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

describe('rotating a map’s tokens', () => {
  let server: TestServer;
  let map: CreatedMap;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await server.stop();
  });

  it('needs the edit token: none or a wrong one is 401, the view token 403', async () => {
    map = await createMap(server.url);
    const body = '{"rotate": "edit"}';
    expect((await rotate(server.url, map.id, null, body)).status).toBe(401);
    expect((await rotate(server.url, map.id, 'not-a-token', body)).status).toBe(401);
    const viewer = await rotate(server.url, map.id, map.viewToken, body);
    expect(viewer.status).toBe(403);
    expect((await errorOf(viewer)).code).toBe('forbidden');
    expect((await rotate(server.url, 'AAAAAAAAAAAAAAAAAAAAAA', map.editToken, body)).status).toBe(404);
    const get = await fetch(`${server.url}/api/docs/${map.id}/tokens`, { headers: { Authorization: `Bearer ${map.editToken}` } });
    expect(get.status).toBe(405);
    // Nothing changed: both tokens still read.
    expect((await fetchMap(server.url, map.id, map.editToken)).status).toBe(200);
    expect((await fetchMap(server.url, map.id, map.viewToken)).status).toBe(200);
  });

  it('refuses a bad body with 400, naming the field', async () => {
    map = await createMap(server.url);
    const cases: [string, RegExp][] = [
      ['', /rotate|object/],
      ['{}', /rotate: is missing/],
      ['{"rotate": "all"}', /rotate: must be "edit", "view" or "both"/],
      ['{"rotate": "edit", "also": 1}', /also/],
      ['{"rotate": ', /not valid JSON/],
      ['["edit"]', /object/],
    ];
    for (const [body, message] of cases) {
      const response = await rotate(server.url, map.id, map.editToken, body);
      expect(response.status, body).toBe(400);
      expect((await errorOf(response)).message, body).toMatch(message);
    }
    expect((await fetchMap(server.url, map.id, map.editToken)).status).toBe(200);
  });

  it('rotating the edit token: new link works, old one stops, its open connections close (4001)', async () => {
    map = await createMap(server.url);
    const editor = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.editToken}`);
    const browserEditor = await mustOpen(`${server.wsUrl}/${map.id}`, { protocols: ['causal-map', `token.${map.editToken}`] });
    const viewer = connect(server.wsUrl, map.id, map.viewToken);
    await whenSynced(viewer);
    const editorClosed = closeOf(editor);
    const browserClosed = closeOf(browserEditor);

    const response = await rotate(server.url, map.id, map.editToken, '{"rotate": "edit"}');
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as Rotated;
    expect(Object.keys(rotated)).toEqual(['editToken']);
    const fresh = rotated.editToken ?? '';
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{32,}$/);

    expect(await editorClosed).toEqual({ code: 4001, reason: 'link revoked: ask for a new link' });
    expect(await browserClosed).toEqual({ code: 4001, reason: 'link revoked: ask for a new link' });
    // The view link was not rotated: its connection stays.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(viewer.closes).toBe(0);

    expect((await fetchMap(server.url, map.id, map.editToken)).status).toBe(401);
    expect(await openRawSocket(`${server.wsUrl}/${map.id}?token=${map.editToken}`)).toEqual({ kind: 'refused', status: 401 });
    expect((await rotate(server.url, map.id, map.editToken, '{"rotate": "edit"}')).status).toBe(401);
    expect((await fetchMap(server.url, map.id, fresh)).status).toBe(200);
    expect((await fetchMap(server.url, map.id, map.viewToken)).status).toBe(200);

    const writer = connect(server.wsUrl, map.id, fresh);
    await whenSynced(writer);
    addStatement(writer.doc, { text: 'after the rotation', x: 0, y: 0 }, { name: 'Ana' });
    await waitFor(() => readMap(viewer.doc).statements.length === 1, 5000, 'the new editor’s statement');
  });

  it('rotating the view token closes view connections only; "both" closes everyone', async () => {
    map = await createMap(server.url);
    const editor = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(editor);
    const viewer = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.viewToken}`);
    const viewerClosed = closeOf(viewer);

    const response = await rotate(server.url, map.id, map.editToken, '{"rotate": "view"}');
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as Rotated;
    expect(Object.keys(rotated)).toEqual(['viewToken']);
    expect((await viewerClosed).code).toBe(4001);
    expect(editor.closes).toBe(0);
    expect((await fetchMap(server.url, map.id, map.viewToken)).status).toBe(401);
    expect((await fetchMap(server.url, map.id, rotated.viewToken ?? '')).status).toBe(200);

    const newViewer = await mustOpen(`${server.wsUrl}/${map.id}?token=${rotated.viewToken}`);
    const raw = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.editToken}`);
    const closes = Promise.all([closeOf(newViewer), closeOf(raw)]);
    const both = await rotate(server.url, map.id, map.editToken, '{"rotate": "both"}');
    const tokens = (await both.json()) as Rotated;
    expect(Object.keys(tokens).sort()).toEqual(['editToken', 'viewToken']);
    expect((await closes).map((closed) => closed.code)).toEqual([4001, 4001]);
    await waitFor(() => editor.closes > 0, 5000, 'the stock editor to be closed');
    expect((await fetchMap(server.url, map.id, tokens.editToken ?? '')).status).toBe(200);
    expect((await fetchMap(server.url, map.id, tokens.viewToken ?? '')).status).toBe(200);
  });
});

describe('the token in a websocket subprotocol', () => {
  let server: TestServer;
  let map: CreatedMap;

  beforeAll(async () => {
    server = await TestServer.start();
    map = await createMap(server.url);
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await server.stop();
  });

  it('accepts ["causal-map", "token.<token>"] and answers with "causal-map" only', async () => {
    const socket = await mustOpen(`${server.wsUrl}/${map.id}`, { protocols: ['causal-map', `token.${map.editToken}`] });
    expect(socket.protocol).toBe('causal-map');
    socket.close();
  });

  it('refuses a wrong subprotocol token with 401, as it does a wrong ?token=', async () => {
    const wrong = await openSocketWith(`${server.wsUrl}/${map.id}`, { protocols: ['causal-map', 'token.wrong'] });
    expect(wrong).toEqual({ kind: 'refused', status: 401 });
  });

  it('carries a stock WebsocketProvider with no token in its address', async () => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.wsUrl, map.id, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      protocols: ['causal-map', `token.${map.editToken}`],
      disableBc: true,
    });
    try {
      expect(provider.url).not.toContain(map.editToken);
      await waitFor(() => provider.synced, 5000, 'the provider to sync');
      addStatement(doc, { text: 'sent by subprotocol', x: 0, y: 0 }, { name: 'Ana' });
      const reader = connect(server.wsUrl, map.id, map.viewToken);
      await waitFor(() => readMap(reader.doc).statements.some((each) => each.text === 'sent by subprotocol'));
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });
});
