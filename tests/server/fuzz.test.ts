import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { readMap } from '@causal-map/shared/map-view';
import { addLink } from '@causal-map/shared/link';
import { addStatement } from '@causal-map/shared/statement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  type CreatedMap,
  TestServer,
  connect,
  createMap,
  disconnectAll,
  eventually,
  fetchMap,
  waitFor,
  whenSynced,
} from './helpers.js';
import { mulberry32 } from '../unit/helpers/random.js';

// Protocol fuzzing: thousands of random and mutated y-websocket messages from an editor's
// connection. The server must stay up, keep other connections and rooms working, and keep
// the map's content and its stored copy intact. A seed that ever fails stays in SEEDS.

const SEEDS = [1, 2, 3];
const MESSAGES_PER_SEED = 2_000;


/** Valid messages of every kind the protocol has, to mutate. */
function validMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  const a = addStatement(doc, { text: 'Fuzz statement', x: 1, y: 2 }, { name: 'Fuzzer' });
  const b = addStatement(doc, { text: 'Another', x: 3, y: 4, valence: 'negative' }, { name: 'Fuzzer' });
  addLink(doc, { from: a, to: b, polarity: '-' }, { name: 'Fuzzer' });
  const update = Y.encodeStateAsUpdate(doc);
  const awareness = new Awareness(doc);
  awareness.setLocalState({ user: { name: 'Fuzzer', color: '#123456' }, cursor: { x: 1, y: 2 }, selection: [a] });
  const sync = (type: number, payload: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, type);
    encoding.writeVarUint8Array(encoder, payload);
    return encoding.toUint8Array(encoder);
  };
  const awarenessMessage = encoding.createEncoder();
  encoding.writeVarUint(awarenessMessage, 1);
  encoding.writeVarUint8Array(awarenessMessage, encodeAwarenessUpdate(awareness, [doc.clientID]));
  awareness.destroy();
  return [
    sync(0, Y.encodeStateVector(doc)),
    sync(1, update),
    sync(2, update),
    encoding.toUint8Array(awarenessMessage),
    new Uint8Array([3]),
  ];
}

function mutate(message: Uint8Array, random: () => number): Uint8Array {
  const bytes = Array.from(message);
  const at = () => Math.floor(random() * Math.max(1, bytes.length));
  const byte = () => Math.floor(random() * 256);
  const rounds = 1 + Math.floor(random() * 4);
  for (let i = 0; i < rounds; i++) {
    switch (Math.floor(random() * 6)) {
      case 0: bytes[at()] = byte(); break;
      case 1: bytes.length = at(); break;
      case 2: bytes.splice(at(), 0, ...Array.from({ length: 1 + Math.floor(random() * 16) }, byte)); break;
      case 3: bytes.splice(at(), Math.floor(random() * 8)); break;
      case 4: bytes.splice(1, 0, 0xff, 0xff, 0xff, 0xff, 0x0f); break; // a huge length prefix
      default: bytes.push(...bytes.slice(at())); break;
    }
  }
  return Uint8Array.from(bytes);
}

function randomMessage(valid: Uint8Array[], random: () => number): Uint8Array | string {
  const roll = random();
  if (roll < 0.05) return 'not binary';
  if (roll < 0.25) return Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256));
  return mutate(valid[Math.floor(random() * valid.length)]!, random);
}

function isSyncStep2OrUpdate(message: Uint8Array | string): boolean {
  if (typeof message === 'string') return false;
  try {
    const decoder = decoding.createDecoder(message);
    return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) !== 0;
  } catch {
    return false;
  }
}

describe('protocol fuzzing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(async () => {
    disconnectAll();
    await server.stop();
  });

  it.each(SEEDS)('seed %i: garbage from one connection harms no one and nothing', async (seed) => {
    const random = mulberry32(seed);
    const fuzzed: CreatedMap = await createMap(server.url, { title: `Fuzzed ${seed}` });
    const other: CreatedMap = await createMap(server.url, { title: `Bystander ${seed}` });
    const editor = connect(server.wsUrl, fuzzed.id, fuzzed.editToken);
    const bystanders = [connect(server.wsUrl, other.id, other.editToken), connect(server.wsUrl, other.id, other.editToken)];
    await Promise.all([editor, ...bystanders].map((client) => whenSynced(client)));
    const kept = addStatement(editor.doc, { text: 'Must survive', x: 0, y: 0, valence: 'negative' }, { name: 'Ana' });
    await eventually(async () => (await (await fetchMap(server.url, fuzzed.id, fuzzed.viewToken)).json()).statements.length === 1);
    const before = readMap(editor.doc).statements.find((s) => s.id === kept);

    const valid = validMessages();
    const url = `${server.wsUrl}/${fuzzed.id}?token=${fuzzed.editToken}`;
    let sent = 0;
    let applied = 0;
    while (sent < MESSAGES_PER_SEED) {
      const socket = new WebSocket(url);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // Send until the server closes this connection, then open another.
      while (socket.readyState === WebSocket.OPEN && sent < MESSAGES_PER_SEED) {
        const message = randomMessage(valid, random);
        if (isSyncStep2OrUpdate(message)) applied += 1;
        socket.send(message);
        sent += 1;
        if (sent % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      socket.terminate();
      await closed;
    }
    expect(sent).toBe(MESSAGES_PER_SEED);
    expect(applied).toBeGreaterThan(0);

    // The server is up and the editor on the fuzzed map was never disconnected.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(editor.closes).toBe(0);
    addStatement(editor.doc, { text: 'After the storm', x: 0, y: 0 }, { name: 'Ana' });
    await eventually(async () => {
      const response = await fetchMap(server.url, fuzzed.id, fuzzed.viewToken);
      const exported = (await response.json()) as { statements: { text: string }[] };
      return exported.statements.some((s) => s.text === 'After the storm');
    }, 5000, 'the edit after the fuzzing to be stored');
    // A mutated message can still be a valid, concurrent append to `order` that Yjs places
    // before ours, so only the number may differ; the statement itself is untouched.
    const after = readMap(editor.doc).statements.find((s) => s.id === kept);
    expect({ ...after, number: 0 }).toEqual({ ...before, number: 0 });

    // The other room carried on.
    addStatement(bystanders[0]!.doc, { text: 'Bystander edit', x: 0, y: 0 }, { name: 'Ben' });
    await waitFor(() => readMap(bystanders[1]!.doc).statements.some((s) => s.text === 'Bystander edit'));
    expect(bystanders.every((client) => client.closes === 0)).toBe(true);

    // What is stored equals what the room holds: restart and compare the export.
    const live = await (await fetchMap(server.url, fuzzed.id, fuzzed.viewToken)).json();
    disconnectAll();
    await server.restart();
    const reloaded = await (await fetchMap(server.url, fuzzed.id, fuzzed.viewToken)).json();
    expect(reloaded).toEqual(live);
    expect(reloaded.statements.find((s: { id: string }) => s.id === kept)).toMatchObject({ text: 'Must survive', valence: 'negative' });
  }, 120_000);
});
