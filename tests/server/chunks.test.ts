import { splitMessage } from '@causal-map/shared/chunks';
import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type CreatedMap,
  TestServer,
  closeCodeOf,
  connect,
  createMap,
  disconnectAll,
  waitFor,
  whenSynced,
} from './helpers.js';
import { mustOpen, updateMessage } from './socket-helpers.js';

// A message larger than one websocket frame may be (a big map after a long time offline) is
// sent in chunks and read once whole, instead of being refused into a reconnect loop.

const FRAME_LIMIT = 64 * 1024;

/** An update adding `count` statements with long texts: well over one frame. */
function bigUpdate(count: number): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < count; i++) {
    addStatement(doc, { text: `Offline note ${i} `.padEnd(2_000, '.'), x: i, y: 0 }, { name: 'Ana' });
  }
  return Y.encodeStateAsUpdate(doc);
}

describe('chunked messages', () => {
  let server: TestServer;
  let map: CreatedMap;
  beforeAll(async () => {
    server = await TestServer.start({ maxMessageBytes: FRAME_LIMIT, maxMapBytes: 2 * 1024 * 1024 });
  });
  afterEach(() => disconnectAll());
  afterAll(async () => server.stop());

  it('puts a message larger than a frame back together and relays it', async () => {
    map = await createMap(server.url);
    const reader = connect(server.wsUrl, map.id, map.viewToken);
    await whenSynced(reader);
    const message = updateMessage(bigUpdate(200));
    expect(message.length).toBeGreaterThan(FRAME_LIMIT * 4);

    const socket = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.editToken}`);
    for (const frame of splitMessage(message, 16 * 1024, 1)) socket.send(frame);
    await waitFor(() => readMap(reader.doc).statements.length === 200, 10_000, 'all 200 statements');
    expect(readMap(reader.doc).statements[199]?.text).toMatch(/^Offline note 199 \.+$/);

    // The same message unsplit is refused by the frame limit (1009), as before.
    const whole = await mustOpen(`${server.wsUrl}/${map.id}?token=${map.editToken}`);
    const refused = closeCodeOf(whole);
    whole.send(message);
    expect(await refused).toBe(1009);
    socket.close();
  });

  it('closes only the sender of chunks out of order or over the map limit', async () => {
    map = await createMap(server.url);
    const bystander = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(bystander);
    const url = `${server.wsUrl}/${map.id}?token=${map.editToken}`;
    const frames = splitMessage(updateMessage(bigUpdate(50)), 16 * 1024, 7);

    const shuffled = await mustOpen(url);
    const outOfOrder = closeCodeOf(shuffled);
    shuffled.send(frames[1]!);
    expect(await outOfOrder).toBe(1007);

    const huge = await mustOpen(url);
    const tooLarge = closeCodeOf(huge);
    for (const frame of splitMessage(new Uint8Array(3 * 1024 * 1024), 32 * 1024, 8)) {
      if (huge.readyState !== huge.OPEN) break;
      huge.send(frame);
    }
    expect(await tooLarge).toBe(4413);

    addStatement(bystander.doc, { text: 'still here', x: 0, y: 0 }, { name: 'Ben' });
    const check = connect(server.wsUrl, map.id, map.viewToken);
    await waitFor(() => readMap(check.doc).statements.some((s) => s.text === 'still here'));
    expect(bystander.closes).toBe(0);
  });
});
