import fs from 'node:fs/promises';
import path from 'node:path';
import { addStatement } from '@causal-map/shared/statement';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../server/src/tokens.js';
import {
  TestServer,
  connect,
  createMap,
  disconnectAll,
  makeTempDir,
  openRawSocket,
  removeDir,
  waitFor,
  whenSynced,
} from './helpers.js';
import { closeOf, mustOpen } from './socket-helpers.js';

// Web hardening: the headers every response carries, and logs that never hold a token.

describe('security headers', () => {
  let server: TestServer;
  let clientDir: string;

  beforeAll(async () => {
    clientDir = await makeTempDir('causal-map-client-');
    await fs.writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Causal map app</title>');
    server = await TestServer.start({ clientDir });
  });
  afterAll(async () => {
    await server.stop();
    await removeDir(clientDir);
  });

  it('sends a strict Content-Security-Policy and the usual headers on pages, API answers and errors', async () => {
    for (const where of ['/', '/m/some-map', '/healthz', '/api/docs/nothing-here', '/api/nope']) {
      const response = await fetch(`${server.url}${where}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      const host = new URL(server.url).host;
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        `connect-src 'self' ws://${host} wss://${host}`,
        "worker-src 'self' blob:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
      ]) {
        expect(csp, where).toContain(directive);
      }
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
    }
  });
});

describe('logs', () => {
  it('never contain a token, over a whole session at trace level', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const server = await TestServer.start({ logger, logLevel: 'trace', updatesPerSecond: 20, updateBurst: 20 });
    const secrets: string[] = [];
    try {
      const map = await createMap(server.url, { title: 'Logged map' });
      secrets.push(map.editToken, map.viewToken);
      const guessed = newToken();
      secrets.push(guessed);

      // HTTP: header and query tokens, right and wrong, on every kind of route.
      for (const token of [map.editToken, map.viewToken, guessed]) {
        await fetch(`${server.url}/api/docs/${map.id}`, { headers: { Authorization: `Bearer ${token}` } });
        await fetch(`${server.url}/api/docs/${map.id}?token=${token}`);
        await fetch(`${server.url}/api/docs/${map.id}/loops?token=${token}`);
        await fetch(`${server.url}/api/nothing?token=${token}`);
        await fetch(`${server.url}/m/${map.id}?token=${token}`);
        await fetch(`${server.url}/ws/${map.id}?token=${token}`);
      }
      await fetch(`${server.url}/api/docs/${map.id}/tokens?token=${map.viewToken}`, { method: 'POST', body: '{"rotate":"edit"}' });
      await fetch(`${server.url}/api/docs/${map.id}/tokens?token=${map.editToken}`, { method: 'POST', body: `{"rotate":"${map.editToken}"}` });

      // Websockets: query and subprotocol tokens, refused and accepted, garbage and a flood.
      expect(await openRawSocket(`${server.wsUrl}/${map.id}?token=${guessed}`)).toEqual({ kind: 'refused', status: 401 });
      expect(await openRawSocket(`${server.wsUrl}/nope/${map.id}?token=${guessed}`)).toEqual({ kind: 'refused', status: 404 });
      const editor = connect(server.wsUrl, map.id, map.editToken);
      await whenSynced(editor);
      addStatement(editor.doc, { text: 'a logged statement', x: 0, y: 0 }, { name: 'Ana' });
      const browser = await mustOpen(`${server.wsUrl}/${map.id}`, { protocols: ['causal-map', `token.${map.viewToken}`] });
      const garbage = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.editToken}`);
      const garbageClosed = closeOf(garbage);
      garbage.send(new Uint8Array([0x00, 0x02, 0xff, 0xff, 0xff]));
      await garbageClosed;
      const flood = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.editToken}`);
      const floodClosed = closeOf(flood);
      for (let i = 0; i < 30; i += 1) flood.send(new Uint8Array([0x00, 0x00, 0x00]));
      await floodClosed;

      // A rotation, and the connections it closes.
      const browserClosed = closeOf(browser);
      const rotated = await fetch(`${server.url}/api/docs/${map.id}/tokens`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${map.editToken}` },
        body: '{"rotate":"both"}',
      });
      const fresh = (await rotated.json()) as { editToken: string; viewToken: string };
      secrets.push(fresh.editToken, fresh.viewToken);
      await browserClosed;
      await waitFor(() => editor.closes > 0, 5000, 'the editor to be revoked');
      disconnectAll();
    } finally {
      await server.stop();
    }

    const text = lines.join('');
    // The session was logged (requests, connections, refusals, closes)...
    for (const message of ['"request"', '"connected"', '"websocket refused"', '"tokens rotated"', '"malformed message', '"closed connections of a revoked link"']) {
      expect(text).toContain(message);
    }
    // ...without a single token in it.
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
