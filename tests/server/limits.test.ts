import { readMap } from '@causal-map/shared/map-view';
import { addStatement, statementText } from '@causal-map/shared/statement';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, TestServer, connect, createMap, disconnectAll, fetchMap, waitFor, whenSynced } from './helpers.js';
import { closeOf, mustOpen, presenceMessage, updateMessage, updateOf } from './socket-helpers.js';

// One test per limit, each set low. Breaking one closes (or refuses) the offender only; the
// map and everyone else carry on.

const ana = { name: 'Ana (nurse)' };

async function exportedTexts(server: TestServer, id: string, token: string): Promise<string[]> {
  const document = (await (await fetchMap(server.url, id, token)).json()) as { statements: { text: string }[] };
  return document.statements.map((statement) => statement.text);
}

/** Adds a statement to `client` and waits until `observer` has it (so the server stored it). */
async function addAndSee(client: Client, observer: Client, text: string): Promise<string> {
  const id = addStatement(client.doc, { text, x: 0, y: 0 }, ana);
  await waitFor(() => readMap(observer.doc).statements.some((each) => each.id === id), 5000, `"${text.slice(0, 20)}" to arrive`);
  return id;
}

describe('limits', () => {
  let server: TestServer | null = null;

  async function start(options: Parameters<typeof TestServer.start>[0]): Promise<TestServer> {
    server = await TestServer.start(options);
    return server;
  }

  afterEach(async () => {
    disconnectAll();
    await server?.stop();
    server = null;
  });

  it('closes a connection that sends a message over MAX_MESSAGE_BYTES with 1009', async () => {
    const running = await start({ maxMessageBytes: 2048 });
    const map = await createMap(running.url);
    const bystander = connect(running.wsUrl, map.id, map.editToken);
    await whenSynced(bystander);
    const socket = await mustOpen(`${running.wsUrl}/${map.id}?token=${map.editToken}`);
    const closed = closeOf(socket);
    socket.send(new Uint8Array(4096));
    expect((await closed).code).toBe(1009);
    // Just under the limit is fine.
    const doc = new Y.Doc();
    const fits = updateOf(doc, () => addStatement(doc, { text: 'x'.repeat(1500), x: 0, y: 0 }, ana));
    const writer = await mustOpen(`${running.wsUrl}/${map.id}?token=${map.editToken}`);
    writer.send(updateMessage(fits));
    await waitFor(() => readMap(bystander.doc).statements.length === 1, 5000, 'the update that fits');
    expect(bystander.closes).toBe(0);
  });

  it('refuses an update that would take the map past MAX_MAP_BYTES (4413), keeps the map as it was', async () => {
    const running = await start({ maxMapBytes: 4096, maxText: 100_000 });
    const map = await createMap(running.url);
    const reader = connect(running.wsUrl, map.id, map.viewToken);
    await whenSynced(reader);
    const socket = await mustOpen(`${running.wsUrl}/${map.id}?token=${map.editToken}`);
    const closed = closeOf(socket);
    const doc = new Y.Doc();
    const sent: string[] = [];
    for (let i = 0; i < 8 && socket.readyState === socket.OPEN; i += 1) {
      const text = `${i} ${'x'.repeat(1000)}`;
      socket.send(updateMessage(updateOf(doc, () => addStatement(doc, { text, x: 0, y: 0 }, ana))));
      sent.push(text);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await closed).toEqual({ code: 4413, reason: 'map is too large' });
    const stored = await exportedTexts(running, map.id, map.viewToken);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.length).toBeLessThan(4);
    expect(stored).toEqual(sent.slice(0, stored.length));
    expect(reader.closes).toBe(0);
    expect(readMap(reader.doc).statements.map((statement) => statement.text)).toEqual(stored);
    // What is stored is what the room had: a restart gives the same map.
    disconnectAll();
    await running.restart();
    expect(await exportedTexts(running, map.id, map.viewToken)).toEqual(stored);
  });

  it('cuts statement texts at MAX_TEXT and never relays a longer one', async () => {
    const running = await start({ maxText: 50 });
    const map = await createMap(running.url);
    const writer = connect(running.wsUrl, map.id, map.editToken);
    const reader = connect(running.wsUrl, map.id, map.editToken);
    await Promise.all([whenSynced(writer), whenSynced(reader)]);
    let longestSeen = 0;
    reader.doc.on('update', () => {
      for (const statement of readMap(reader.doc).statements) longestSeen = Math.max(longestSeen, statement.text.length);
    });

    // Pasted in one go...
    const pasted = await addAndSee(writer, reader, 'p'.repeat(200));
    await waitFor(() => statementText(writer.doc, pasted)?.length === 50, 5000, 'the writer to get the cut back');
    // ...or typed a character at a time.
    const typed = await addAndSee(writer, reader, 't'.repeat(45));
    for (let i = 0; i < 10; i += 1) statementText(writer.doc, typed)?.insert(45 + i, String(i));
    await waitFor(() => statementText(reader.doc, typed)?.toString() === `${'t'.repeat(45)}01234`, 5000, 'typing to stop at 50');
    await waitFor(() => statementText(writer.doc, typed)?.length === 50, 5000, 'the writer’s typing cut to 50');
    expect(longestSeen).toBeLessThanOrEqual(50);
    expect(writer.closes + reader.closes).toBe(0);
    expect((await exportedTexts(running, map.id, map.viewToken)).map((text) => text.length)).toEqual([50, 50]);
  });

  it('closes a connection that writes a plain value over MAX_TEXT (4413 "text is too long")', async () => {
    const running = await start({ maxText: 50 });
    const map = await createMap(running.url, { title: 'Short title' });
    const reader = connect(running.wsUrl, map.id, map.viewToken);
    await whenSynced(reader);
    const socket = await mustOpen(`${running.wsUrl}/${map.id}?token=${map.editToken}`);
    const closed = closeOf(socket);
    const doc = new Y.Doc();
    socket.send(updateMessage(updateOf(doc, () => doc.getMap('meta').set('title', 'T'.repeat(51)))));
    expect(await closed).toEqual({ code: 4413, reason: 'text is too long' });
    const document = (await (await fetchMap(running.url, map.id, map.viewToken)).json()) as { title: string };
    expect(document.title).toBe('Short title');
    expect(reader.closes).toBe(0);
  });

  it('refuses an import that breaks MAX_TEXT (400, naming the statement) or MAX_MAP_BYTES (413)', async () => {
    const running = await start({ maxText: 50, maxMapBytes: 2048 });
    const statement = (index: number, text: string) => ({
      id: `s${index}`, text, valence: 'neutral', x: 0, y: 0, createdAt: 1, createdBy: 'Ana', deletedAt: null,
    });
    const file = (statements: unknown[]) => JSON.stringify({ format: 'causal-map', version: 1, title: 'Imported', statements, links: [] });
    const post = (body: string) => fetch(`${running.url}/api/docs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const long = await post(file([statement(0, 'fine'), statement(1, 'x'.repeat(51))]));
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toContain('statements[1].text');
    const large = await post(file(Array.from({ length: 60 }, (_, index) => statement(index, 'y'.repeat(50)))));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({ error: { code: 'too_large' } });
    expect((await post(file([statement(0, 'y'.repeat(50))]))).status).toBe(201);
  });

  it('closes a connection that sends updates faster than UPDATES_PER_SECOND / UPDATE_BURST (1008)', async () => {
    const running = await start({ updatesPerSecond: 5, updateBurst: 10 });
    const map = await createMap(running.url);
    const reader = connect(running.wsUrl, map.id, map.viewToken);
    await whenSynced(reader);
    const socket = await mustOpen(`${running.wsUrl}/${map.id}?token=${map.editToken}`);
    const closed = closeOf(socket);
    const doc = new Y.Doc();
    for (let i = 0; i < 30; i += 1) {
      socket.send(updateMessage(updateOf(doc, () => addStatement(doc, { text: `fast ${i}`, x: 0, y: 0 }, ana))));
    }
    expect(await closed).toEqual({ code: 1008, reason: 'too many updates' });
    const stored = await exportedTexts(running, map.id, map.viewToken);
    expect(stored.length).toBeGreaterThanOrEqual(9);
    expect(stored.length).toBeLessThanOrEqual(11);
    expect(reader.closes).toBe(0);
  });

  it('merges presence to at most AWARENESS_PER_SECOND relays per connection, keeping the latest', async () => {
    const running = await start({ awarenessPerSecond: 10 });
    const map = await createMap(running.url);
    const observer = connect(running.wsUrl, map.id, map.viewToken);
    await whenSynced(observer);
    const someone = 424242;
    let relayed = 0;
    observer.provider.awareness.on('update', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if ([...added, ...updated].includes(someone)) relayed += 1;
    });
    const socket = await mustOpen(`${running.wsUrl}/${map.id}?token=${map.editToken}`);
    const started = Date.now();
    for (let clock = 1; clock <= 60; clock += 1) {
      socket.send(presenceMessage(someone, clock, { user: { name: 'Ana', color: '#d33' }, cursor: { x: clock, y: 0 }, selection: [] }));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const sendingMs = Date.now() - started;
    const latest = () => (observer.provider.awareness.getStates().get(someone) as { cursor?: { x: number } } | undefined)?.cursor?.x;
    await waitFor(() => latest() === 60, 5000, 'the latest cursor to arrive');
    // 60 changes over sendingMs, relayed at most every 100 ms (plus the first at once).
    expect(relayed).toBeLessThanOrEqual(Math.ceil(sendingMs / 100) + 2);
    expect(relayed).toBeGreaterThanOrEqual(2);
    expect(socket.readyState).toBe(socket.OPEN);
    socket.close();
  });

  it('closes a connection that floods presence past the burst (1008)', async () => {
    const running = await start({ updatesPerSecond: 5, updateBurst: 10 });
    const map = await createMap(running.url);
    const socket = await mustOpen(`${running.wsUrl}/${map.id}?token=${map.viewToken}`);
    const closed = closeOf(socket);
    for (let clock = 1; clock <= 30; clock += 1) socket.send(presenceMessage(99, clock, { cursor: { x: clock, y: 0 } }));
    expect(await closed).toEqual({ code: 1008, reason: 'too many presence updates' });
  });

  it('answers an import over MAX_BODY_BYTES with 413', async () => {
    const running = await start({ maxBodyBytes: 2048 });
    const post = (title: string) =>
      fetch(`${running.url}/api/docs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title }) });
    expect((await post('x'.repeat(400))).status).toBe(201);
    const response = await post('x'.repeat(3000));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'too_large' } });
  });
});
