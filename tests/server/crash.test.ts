import type { ExportDocument } from '@causal-map/shared/export-document';
import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  createMap,
  disconnectAll,
  fetchMap,
  makeTempDir,
  removeDir,
  waitFor,
  whenSynced,
} from './helpers.js';
import { type ServerProcess, buildServer, killHard, startServerProcess } from './server-process.js';

// The promise of SPEC §4: whatever one client has received survives a crash of the server.
// Here the crash is real: the built server runs as a child process and gets SIGKILL.

describe('a crash of the server (kill -9)', () => {
  let dataDir: string;
  let running: ServerProcess | null = null;

  beforeAll(async () => {
    buildServer();
    dataDir = await makeTempDir();
  }, 120_000);

  afterAll(async () => {
    disconnectAll();
    if (running) await killHard(running);
    await removeDir(dataDir);
  });

  it('loses nothing a client has received', async () => {
    running = await startServerProcess(dataDir);
    const { wsUrl } = running;
    const map = await createMap(running.url, { title: 'Crash test' });
    const writer = connect(wsUrl, map.id, map.editToken);
    const reader = connect(wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);

    // Keep writing while the server is killed, so the kill lands in the middle of traffic.
    let writing = true;
    let written = 0;
    const writeLoop = (async () => {
      while (writing && written < 500) {
        addStatement(writer.doc, { text: `statement ${written}`, x: written, y: 0 }, { name: 'Writer' });
        written += 1;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await waitFor(() => readMap(reader.doc).statements.length >= 40, 10_000, 'the reader to receive 40 statements');
    running.child.kill('SIGKILL');
    await running.exited;
    writing = false;
    await writeLoop;
    const received = readMap(reader.doc).statements.map((statement) => ({ id: statement.id, text: statement.text }));
    disconnectAll();
    expect(received.length).toBeGreaterThanOrEqual(40);

    running = await startServerProcess(dataDir);
    const response = await fetchMap(running.url, map.id, map.viewToken);
    expect(response.status).toBe(200);
    const document = (await response.json()) as ExportDocument;
    const stored = new Map(document.statements.map((statement) => [statement.id, statement.text]));
    for (const statement of received) expect(stored.get(statement.id)).toBe(statement.text);
    // Numbers survive too: the reader's n-th statement is still number n.
    const numbers = new Map(document.statements.map((statement) => [statement.id, statement.number]));
    received.forEach((statement, index) => expect(numbers.get(statement.id)).toBe(index + 1));

    // The journal survived too: history lists every statement received, and time travel to
    // now gives the same map.
    const history = (await (await fetch(`${running.url}/api/docs/${map.id}/history`, { headers: { authorization: `Bearer ${map.viewToken}` } })).json()) as {
      events: { kind: string; text?: string }[];
    };
    const added = new Set(history.events.filter((event) => event.kind === 'statement-added').map((event) => event.text));
    for (const statement of received) expect(added.has(statement.text)).toBe(true);
    const now = (await (await fetch(`${running.url}/api/docs/${map.id}?at=${Date.now()}`, { headers: { authorization: `Bearer ${map.viewToken}` } })).json()) as ExportDocument;
    expect(now.statements.map((statement) => statement.id).sort()).toEqual(document.statements.map((statement) => statement.id).sort());

    // SIGTERM, unlike SIGKILL, is a clean stop.
    running.child.kill('SIGTERM');
    await running.exited;
    expect(running.child.exitCode).toBe(0);
  });
});
