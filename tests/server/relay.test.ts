import { readMap } from '@causal-map/shared/map-view';
import { addStatement, setStatementText } from '@causal-map/shared/statement';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type CreatedMap,
  TestServer,
  closeCodeOf,
  connect,
  createMap,
  disconnect,
  disconnectAll,
  eventually,
  fetchMap,
  openRawSocket,
  waitFor,
  whenSynced,
} from './helpers.js';
import { mustOpen, updateMessage } from './socket-helpers.js';

const ana = { name: 'Ana (nurse)' };

function texts(doc: Parameters<typeof readMap>[0]): string[] {
  return readMap(doc).statements.map((statement) => statement.text);
}

describe('websocket relay', () => {
  let server: TestServer;
  let map: CreatedMap;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await server.stop();
  });

  async function newMap(): Promise<CreatedMap> {
    map = await createMap(server.url);
    return map;
  }

  it('relays a statement added by one person to another', async () => {
    await newMap();
    const first = connect(server.wsUrl, map.id, map.editToken);
    const second = connect(server.wsUrl, map.id, map.editToken);
    await Promise.all([whenSynced(first), whenSynced(second)]);
    const id = addStatement(first.doc, { text: 'Mrs A feels isolated', x: 10, y: 20 }, ana);
    await waitFor(() => texts(second.doc).includes('Mrs A feels isolated'), 5000, 'the statement to arrive');
    const statement = readMap(second.doc).statements.find((each) => each.id === id);
    expect(statement).toMatchObject({ number: 1, x: 10, y: 20, createdBy: 'Ana (nurse)' });
    // and the other way round, including typing into the statement
    setStatementText(second.doc, id, 'Mrs A feels very isolated');
    await waitFor(() => texts(first.doc).includes('Mrs A feels very isolated'), 5000, 'the edit to come back');
  });

  it('gives a late joiner the whole map', async () => {
    await newMap();
    const first = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(first);
    for (let i = 0; i < 5; i += 1) addStatement(first.doc, { text: `statement ${i}`, x: i, y: 0 }, ana);
    const late = connect(server.wsUrl, map.id, map.viewToken);
    await waitFor(() => texts(late.doc).length === 5, 5000, 'the late joiner to get all statements');
  });

  it('relays presence and removes it when the person disconnects', async () => {
    await newMap();
    const first = connect(server.wsUrl, map.id, map.editToken);
    const second = connect(server.wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(first), whenSynced(second)]);
    const presence = {
      user: { name: 'Ana (nurse)', color: '#d33' },
      cursor: { x: 120, y: 45 },
      selection: ['s01', 's02'],
    };
    first.provider.awareness.setLocalState(presence);
    const firstId = first.doc.clientID;
    await waitFor(() => second.provider.awareness.getStates().has(firstId), 5000, 'presence to arrive');
    expect(second.provider.awareness.getStates().get(firstId)).toEqual(presence);
    // a viewer is present too
    second.provider.awareness.setLocalState({ user: { name: 'Mrs A daughter', color: '#3a3' }, cursor: null, selection: [] });
    await waitFor(() => first.provider.awareness.getStates().has(second.doc.clientID), 5000, 'viewer presence');
    disconnect(first);
    await waitFor(() => !second.provider.awareness.getStates().has(firstId), 5000, 'presence to go');
  });

  it('lets a view token read live, but never applies or relays its changes', async () => {
    await newMap();
    const editor = connect(server.wsUrl, map.id, map.editToken);
    const viewer = connect(server.wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(editor), whenSynced(viewer)]);
    addStatement(editor.doc, { text: 'from the editor', x: 0, y: 0 }, ana);
    await waitFor(() => texts(viewer.doc).includes('from the editor'), 5000, 'the viewer to see the edit');

    addStatement(viewer.doc, { text: 'from the viewer', x: 0, y: 0 }, { name: 'Viewer' });
    // Sent on the same socket after the change: once the editor sees it, the server has read
    // (and dropped) the change.
    viewer.provider.awareness.setLocalState({ user: { name: 'Viewer', color: '#00f' }, cursor: null, selection: [] });
    await waitFor(() => editor.provider.awareness.getStates().has(viewer.doc.clientID), 5000, 'viewer presence');
    expect(texts(editor.doc)).toEqual(['from the editor']);

    // A reconnect makes the viewer offer its change again (sync step 2); still dropped.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await whenSynced(viewer);
    const probe = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(probe);
    expect(texts(probe.doc)).toEqual(['from the editor']);
    const response = await fetchMap(server.url, map.id, map.editToken);
    const document = (await response.json()) as { statements: { text: string }[] };
    expect(document.statements.map((statement) => statement.text)).toEqual(['from the editor']);
    expect(texts(editor.doc)).toEqual(['from the editor']);
  });

  it('refuses an upgrade with no or a wrong token (401) and for an unknown map (404)', async () => {
    await newMap();
    const base = `${server.wsUrl}/${map.id}`;
    expect(await openRawSocket(base)).toEqual({ kind: 'refused', status: 401 });
    expect(await openRawSocket(`${base}?token=wrong`)).toEqual({ kind: 'refused', status: 401 });
    expect(await openRawSocket(`${server.wsUrl}/AAAAAAAAAAAAAAAAAAAAAA?token=${map.editToken}`)).toEqual({
      kind: 'refused',
      status: 404,
    });
    expect(await openRawSocket(`${server.wsUrl.replace(/\/ws$/, '/elsewhere')}/${map.id}`)).toEqual({
      kind: 'refused',
      status: 404,
    });
    const good = await mustOpen(`${base}?token=${map.viewToken}`);
    good.close();
  });

  it('closes only the connection that sends garbage; others keep syncing', async () => {
    await newMap();
    const first = connect(server.wsUrl, map.id, map.editToken);
    const second = connect(server.wsUrl, map.id, map.editToken);
    await Promise.all([whenSynced(first), whenSynced(second)]);
    const url = `${server.wsUrl}/${map.id}?token=${map.editToken}`;

    const garbage: { bytes: Uint8Array | string; code: number }[] = [
      { bytes: new Uint8Array([0x07, 0x01, 0x02]), code: 1003 }, // unknown message type
      { bytes: new Uint8Array([0x00, 0x02, 0x03, 0x01, 0x02, 0x03]), code: 1007 }, // truncated update
      { bytes: new Uint8Array([0x00, 0x02, 0xff, 0xff, 0xff]), code: 1007 }, // length past the end
      { bytes: new Uint8Array([0x01, 0x05, 0x01, 0x05, 0x01, 0x01, 0x7b]), code: 1007 }, // awareness, bad JSON
      { bytes: new Uint8Array([]), code: 1007 }, // empty
      { bytes: 'hello', code: 1003 }, // text frame
    ];
    for (const { bytes, code } of garbage) {
      const socket = await mustOpen(url);
      const closed = closeCodeOf(socket);
      socket.send(bytes);
      expect(await closed).toBe(code);
    }

    addStatement(first.doc, { text: 'still syncing', x: 0, y: 0 }, ana);
    await waitFor(() => texts(second.doc).includes('still syncing'), 5000, 'the statement after the garbage');
    expect(first.closes).toBe(0);
    expect(second.closes).toBe(0);
  });
  it('sends an editor’s update to everyone else but not back to the editor', async () => {
    await newMap();
    const url = `${server.wsUrl}/${map.id}?token=${map.editToken}`;
    const [sender, other] = await Promise.all([mustOpen(url), mustOpen(url)]);
    const kinds = (socket: typeof sender) => {
      const seen: string[] = [];
      socket.on('message', (data: Buffer) => seen.push(`${data[0]}/${data[1]}`));
      return seen;
    };
    const sent = kinds(sender);
    const received = kinds(other);
    const doc = new Y.Doc();
    let update: Uint8Array = new Uint8Array();
    doc.once('update', (bytes: Uint8Array) => (update = bytes));
    doc.getMap('notes').set('ana', 'called the GP');
    sender.send(updateMessage(update));
    await waitFor(() => received.includes('0/2'), 5000, 'the update to reach the other person');
    // A sync step 1 is answered only after every update the server holds has been relayed, so an
    // echo would come before this answer (sync step 2) on the same socket.
    sender.send(new Uint8Array([0, 0, 1, 0])); // sync step 1 with an empty state vector
    await waitFor(() => sent.includes('0/1'), 5000, 'the answer to sync step 1');
    expect(sent.slice(0, sent.indexOf('0/1'))).not.toContain('0/2');
    sender.close();
    other.close();
  });

  it('marks a view-only person in everyone’s presence, and never an editor, whatever they claim', async () => {
    await newMap();
    const editor = connect(server.wsUrl, map.id, map.editToken);
    const viewer = connect(server.wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(editor), whenSynced(viewer)]);
    viewer.provider.awareness.setLocalState({ user: { name: 'Cat', color: '#0f766e' }, cursor: null, selection: [] });
    // An editor's client cannot pass for a viewer or anything else by writing the field itself.
    editor.provider.awareness.setLocalState({ user: { name: 'Ben', color: '#7c3aed' }, cursor: null, selection: [], access: 'view' });
    const stateOf = (client: typeof editor, name: string) =>
      [...client.provider.awareness.getStates().values()].find((state) => state.user?.name === name);
    await waitFor(() => stateOf(editor, 'Cat')?.access === 'view', 5000, 'the viewer marked for the editor');
    const third = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(third);
    await waitFor(() => stateOf(third, 'Cat')?.access === 'view' && stateOf(third, 'Ben') !== undefined, 5000, 'both for a late joiner');
    expect(stateOf(third, 'Ben')?.access).toBeUndefined();
  });

  it('keeps the map’s record title with the document when someone renames it', async () => {
    await newMap();
    const editor = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(editor);
    editor.doc.getMap('meta').set('title', 'Mrs A, case conference');
    const titleFromAccess = async () => {
      const response = await fetch(`${server.url}/api/docs/${map.id}/access`, { headers: { authorization: `Bearer ${map.viewToken}` } });
      return ((await response.json()) as { title: string }).title;
    };
    await eventually(async () => (await titleFromAccess()) === 'Mrs A, case conference', 5000, 'the new title');
  });
});
