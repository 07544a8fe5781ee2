import net from 'node:net';
import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { TestServer, connect, createMap, disconnectAll, eventually, fetchMap, waitFor, whenSynced } from './helpers.js';
import { clientFrame, closeOf, mustOpen, openSocketWith, updateMessage, updateOf, upgradeWithFrames } from './socket-helpers.js';

// What happens before a websocket is let in: origin, connections per address, slow or early
// clients. SPEC §4's 401 and 404 are in relay.test.ts.

describe('websocket upgrades', () => {
  let server: TestServer | null = null;
  const sockets: WebSocket[] = [];

  async function start(options: Parameters<typeof TestServer.start>[0] = {}): Promise<TestServer> {
    server = await TestServer.start(options);
    return server;
  }

  async function open(url: string, headers: Record<string, string> = {}): Promise<number | 'open'> {
    const outcome = await openSocketWith(url, { headers });
    if (outcome.kind === 'refused') return outcome.status;
    sockets.push(outcome.socket);
    return 'open';
  }

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.terminate();
    disconnectAll();
    await server?.stop();
    server = null;
  });

  it('lets in clients without an Origin and pages from the same origin; refuses others with 403', async () => {
    const running = await start();
    const map = await createMap(running.url);
    const url = `${running.wsUrl}/${map.id}?token=${map.editToken}`;
    expect(await open(url)).toBe('open');
    expect(await open(url, { Origin: running.url })).toBe('open');
    expect(await open(url, { Origin: 'http://evil.example' })).toBe(403);
    expect(await open(url, { Origin: running.url.replace('127.0.0.1', 'localhost') })).toBe(403);
    expect(await open(url, { Origin: 'null' })).toBe(403);
  });

  it('with ALLOWED_ORIGINS, lets in exactly the origins listed', async () => {
    const running = await start({ allowedOrigins: ['https://maps.example.org'] });
    const map = await createMap(running.url);
    const url = `${running.wsUrl}/${map.id}?token=${map.editToken}`;
    expect(await open(url, { Origin: 'https://maps.example.org' })).toBe('open');
    expect(await open(url, { Origin: 'https://evil.example.org' })).toBe(403);
    expect(await open(url)).toBe('open');
  });

  it('refuses more than CONNECTIONS_PER_IP websockets from one address with 429', async () => {
    const running = await start({ connectionsPerIp: 2 });
    const map = await createMap(running.url);
    const url = `${running.wsUrl}/${map.id}?token=${map.viewToken}`;
    expect(await open(url)).toBe('open');
    expect(await open(url)).toBe('open');
    expect(await open(url)).toBe(429);
    // Without a trusted proxy, a forwarded-for header changes nothing.
    expect(await open(url, { 'X-Forwarded-For': '10.0.0.9' })).toBe(429);
    const first = sockets.shift();
    if (!first) throw new Error('no socket');
    const closed = closeOf(first);
    first.close();
    await closed;
    // The server counts the connection gone once its side of the socket has closed too.
    await eventually(async () => (await open(url)) === 'open', 5000, 'a place to free up');
  });

  it('with TRUSTED_PROXY, counts the address the proxy added (the right-most)', async () => {
    const running = await start({ connectionsPerIp: 1, trustedProxy: 'x-forwarded-for' });
    const map = await createMap(running.url);
    const url = `${running.wsUrl}/${map.id}?token=${map.viewToken}`;
    expect(await open(url, { 'X-Forwarded-For': '10.0.0.1' })).toBe('open');
    expect(await open(url, { 'X-Forwarded-For': '10.0.0.2' })).toBe('open');
    expect(await open(url, { 'X-Forwarded-For': '10.0.0.1' })).toBe(429);
    // A client cannot dodge the limit by writing its own address in front.
    expect(await open(url, { 'X-Forwarded-For': '192.0.2.7, 10.0.0.2' })).toBe(429);
  });

  it('hangs up on a client that is slow to send its headers (HEADERS_TIMEOUT_MS)', async () => {
    const running = await start({ headersTimeoutMs: 300, requestTimeoutMs: 300 });
    const { hostname, port } = new URL(running.url);
    const socket = net.connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(`GET /ws/abc HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n`);
    const started = Date.now();
    await ended;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps websockets open well past the request timeout', async () => {
    const running = await start({ headersTimeoutMs: 200, requestTimeoutMs: 200 });
    const map = await createMap(running.url);
    const client = connect(running.wsUrl, map.id, map.editToken);
    await whenSynced(client);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(client.closes).toBe(0);
  });

  it('reads no message sent with the upgrade before access is known: a wrong token applies nothing', async () => {
    const running = await start();
    const map = await createMap(running.url);
    const doc = new Y.Doc();
    const frame = clientFrame(updateMessage(updateOf(doc, () => addStatement(doc, { text: 'sneaked in', x: 0, y: 0 }, { name: 'Eve' }))));

    const refused = await upgradeWithFrames(running.url, `/ws/${map.id}?token=wrong`, [frame]);
    expect(refused).toMatch(/^HTTP\/1\.1 401/);
    const asViewer = await upgradeWithFrames(running.url, `/ws/${map.id}?token=${map.viewToken}`, [frame]);
    expect(asViewer).toMatch(/^HTTP\/1\.1 101/);
    const document = (await (await fetchMap(running.url, map.id, map.viewToken)).json()) as { statements: unknown[] };
    expect(document.statements).toEqual([]);

    // The same packet with the edit token: read once the map is loaded, and applied.
    const reader = connect(running.wsUrl, map.id, map.viewToken);
    await whenSynced(reader);
    const accepted = await upgradeWithFrames(running.url, `/ws/${map.id}?token=${map.editToken}`, [frame]);
    expect(accepted).toMatch(/^HTTP\/1\.1 101/);
    await waitFor(() => readMap(reader.doc).statements.length === 1, 5000, 'the early update, now allowed');
  });

  it('a browser page on the same origin can open a map with its token as a subprotocol', async () => {
    const running = await start();
    const map = await createMap(running.url);
    const socket = await mustOpen(`${running.wsUrl}/${map.id}`, {
      protocols: ['causal-map', `token.${map.editToken}`],
      headers: { Origin: running.url },
    });
    expect(socket.protocol).toBe('causal-map');
    sockets.push(socket);
  });
});
