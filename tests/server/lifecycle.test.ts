import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TestServer, closeCodeOf, connect, createMap, disconnectAll, waitFor, whenSynced } from './helpers.js';

describe('connection lifecycle', () => {
  let server: TestServer | null = null;

  afterEach(async () => {
    disconnectAll();
    await server?.stop();
    server = null;
  });

  it('closes a connection that stops answering pings, and only that one', async () => {
    const running = await TestServer.start({ pingIntervalMs: 50 });
    server = running;
    const map = await createMap(running.url);
    const healthy = connect(running.wsUrl, map.id, map.editToken);
    await whenSynced(healthy);
    const silent = new WebSocket(`${running.wsUrl}/${map.id}?token=${map.editToken}`, { autoPong: false });
    const closed = closeCodeOf(silent);
    expect(await closed).toBe(1006); // terminated, no close frame
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(healthy.closes).toBe(0);
  });

  it('tells clients the server is restarting (1012) and keeps what they wrote', async () => {
    const running = await TestServer.start({ roomGraceMs: 2000 });
    server = running;
    const map = await createMap(running.url);
    const writer = connect(running.wsUrl, map.id, map.editToken);
    const reader = connect(running.wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    const codes: number[] = [];
    reader.provider.on('connection-close', (event) => {
      if (event) codes.push(event.code);
    });
    addStatement(writer.doc, { text: 'before the restart', x: 0, y: 0 }, { name: 'Ana' });
    await waitFor(() => readMap(reader.doc).statements.length === 1, 5000, 'the statement to be relayed');
    await running.restart(1012);
    await waitFor(() => codes.length > 0, 5000, 'the reader to see the close');
    expect(codes[0]).toBe(1012);
    disconnectAll();
    // The room was still loaded (grace period) when the server stopped; nothing is lost.
    const again = connect(running.wsUrl, map.id, map.viewToken);
    await waitFor(() => readMap(again.doc).statements.length === 1, 5000, 'the statement after the restart');
  });
});
