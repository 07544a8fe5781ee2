import { MAX_COMMENT_LENGTH, addComment, commentTarget, readComments, resolveThread } from '@causal-map/shared/comments';
import type { ExportDocument } from '@causal-map/shared/export-document';
import { addLink } from '@causal-map/shared/link';
import { readMarks, setMark } from '@causal-map/shared/marks';
import { addStatement } from '@causal-map/shared/statement';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TestServer, connect, createMap, disconnectAll, eventually, fetchMap, waitFor, whenSynced } from './helpers.js';
import { closeOf, mustOpen, updateMessage, updateOf } from './socket-helpers.js';

async function exported(server: TestServer, id: string, token: string, path = ''): Promise<ExportDocument> {
  const response = path ? await fetch(`${server.url}/api/docs/${id}${path}`, { headers: { authorization: `Bearer ${token}` } }) : await fetchMap(server.url, id, token);
  expect(response.status).toBe(200);
  return (await response.json()) as ExportDocument;
}

/** A map with a stock client reading it, and a raw editor socket that sends updates of `doc`. */
async function rawWriter(server: TestServer) {
  const map = await createMap(server.url, { title: 'Mrs A' });
  const reader = connect(server.wsUrl, map.id, map.viewToken);
  await whenSynced(reader);
  const socket = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.editToken}`);
  return { map, reader, socket, closed: closeOf(socket), doc: new Y.Doc() };
}

describe('comments and marks on the server', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    disconnectAll();
    await server?.stop();
    server = null;
  });

  it('keeps comments and marks written by stock clients across a restart, in GET and the JSON export', async () => {
    server = await TestServer.start();
    const map = await createMap(server.url, { title: 'Mrs A' });
    const ana = connect(server.wsUrl, map.id, map.editToken);
    const ben = connect(server.wsUrl, map.id, map.editToken);
    await Promise.all([whenSynced(ana), whenSynced(ben)]);
    const memory = addStatement(ana.doc, { text: 'Memory worsens', x: 0, y: 0 }, { name: 'Ana' });
    const withdraws = addStatement(ana.doc, { text: 'Withdraws', x: 300, y: 0 }, { name: 'Ana' });
    const link = addLink(ana.doc, { from: memory, to: withdraws }, { name: 'Ana' });
    if (!link.ok) throw new Error('link refused');
    const root = addComment(ana.doc, { on: commentTarget('statement', memory), text: 'Since when?' }, { name: 'Ana' });
    await waitFor(() => readComments(ben.doc).length === 1);
    addComment(ben.doc, { on: commentTarget('statement', memory), text: 'Since March', replyTo: root }, { name: 'Ben' });
    resolveThread(ben.doc, root, true, { name: 'Ben' });
    setMark(ben.doc, link.id, 'Ben', 'disagree');
    setMark(ana.doc, link.id, 'Ana', 'agree');
    await waitFor(() => Object.keys(readMarks(ana.doc, link.id)).length === 2 && readComments(ana.doc).length === 2);

    const want = (document: ExportDocument) => ({
      comments: document.comments.map((c) => [c.createdBy, c.text, c.replyTo === root, c.resolvedBy]),
      marks: document.links[0]?.marks,
    });
    const expected = {
      comments: [
        ['Ana', 'Since when?', false, 'Ben'],
        ['Ben', 'Since March', true, null],
      ],
      marks: { Ana: 'agree', Ben: 'disagree' },
    };
    await eventually(async () => isDeepStrictEqual(want(await exported(server!, map.id, map.viewToken)), expected));
    disconnectAll();
    await server.restart();
    expect(want(await exported(server, map.id, map.viewToken))).toEqual(expected);
    expect(want(await exported(server, map.id, map.viewToken, '/export?format=json'))).toEqual(expected);
  });

  it("drops a view connection's comment and mark; the map and everyone else carry on", async () => {
    server = await TestServer.start();
    const map = await createMap(server.url, { title: 'Mrs A' });
    const editor = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(editor);
    const a = addStatement(editor.doc, { text: 'A', x: 0, y: 0 }, { name: 'Ana' });
    const b = addStatement(editor.doc, { text: 'B', x: 300, y: 0 }, { name: 'Ana' });
    const link = addLink(editor.doc, { from: a, to: b }, { name: 'Ana' });
    if (!link.ok) throw new Error('link refused');
    const viewer = connect(server.wsUrl, map.id, map.viewToken);
    await waitFor(() => viewer.provider.synced && viewer.doc.getMap('links').size === 1);
    addComment(viewer.doc, { on: commentTarget('statement', a), text: 'I only view' }, { name: 'Vic' });
    setMark(viewer.doc, link.id, 'Vic', 'disagree');
    // What the editor writes after it arrives; the viewer's writes never do.
    addComment(editor.doc, { on: commentTarget('statement', a), text: 'From the editor' }, { name: 'Ana' });
    await eventually(async () => (await exported(server!, map.id, map.viewToken)).comments.length === 1);
    const document = await exported(server, map.id, map.viewToken);
    expect(document.comments.map((c) => c.text)).toEqual(['From the editor']);
    expect(document.links[0]!.marks).toEqual({});
    expect(readComments(editor.doc).map((c) => c.text)).toEqual(['From the editor']);
  });

  it(`closes a connection that writes a comment over ${MAX_COMMENT_LENGTH} characters (4413), keeping the map`, async () => {
    server = await TestServer.start();
    const { map, reader, socket, closed, doc } = await rawWriter(server);
    socket.send(updateMessage(updateOf(doc, () => addComment(doc, { on: 'statement:x', text: 'y' }, { name: 'Eve' }))));
    const long = new Y.Map<unknown>();
    socket.send(
      updateMessage(
        updateOf(doc, () => {
          long.set('on', 'statement:x');
          long.set('text', 'z'.repeat(MAX_COMMENT_LENGTH + 1));
          doc.getMap('comments').set('long', long);
        }),
      ),
    );
    expect(await closed).toEqual({ code: 4413, reason: 'text is too long' });
    await eventually(async () => (await exported(server!, map.id, map.viewToken)).comments.length === 1);
    expect((await exported(server, map.id, map.viewToken)).comments.map((c) => c.text)).toEqual(['y']);
    expect(reader.closes).toBe(0);
  });

  it('closes a connection that floods comments, like any flood of updates (1008), and keeps serving the others', async () => {
    server = await TestServer.start({ updatesPerSecond: 5, updateBurst: 10 });
    const { map, reader, socket, closed, doc } = await rawWriter(server);
    for (let i = 0; i < 30; i += 1) {
      socket.send(updateMessage(updateOf(doc, () => addComment(doc, { on: 'statement:x', text: `spam ${i}` }, { name: 'Eve' }))));
    }
    expect(await closed).toEqual({ code: 1008, reason: 'too many updates' });
    const stored = (await exported(server, map.id, map.viewToken)).comments.length;
    expect(stored).toBeGreaterThanOrEqual(9);
    expect(stored).toBeLessThanOrEqual(11);
    expect(reader.closes).toBe(0);
    const writer = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(writer);
    addComment(writer.doc, { on: 'statement:x', text: 'Still here' }, { name: 'Ana' });
    await waitFor(() => readComments(reader.doc).some((comment) => comment.text === 'Still here'));
  });
});
