import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { readMap } from '@causal-map/shared/map-view';
import { addStatement } from '@causal-map/shared/statement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type CreatedMap, TestServer, connect, createMap, disconnectAll, eventually, waitFor, whenSynced } from './helpers.js';
import { databasePath } from '../../server/src/sqlite-storage.js';

// The journal keeps every update with the server's clock and the sender's name, through
// compactions, and time travel rebuilds the map as it was at any moment (SPEC §3).

describe('the journal and time travel', () => {
  let server: TestServer;
  let map: CreatedMap;
  let ana: Client;
  const moments: number[] = [];

  const at = (query: string, token = map.viewToken) =>
    fetch(`${server.url}/api/docs/${map.id}${query}`, { headers: { authorization: `Bearer ${token}` } });
  const textsAt = async (moment: number) =>
    ((await (await at(`?at=${moment}`)).json()) as { statements: { text: string; deletedAt: number | null }[] }).statements.map((s) => s.text);

  beforeAll(async () => {
    // Compaction after every other update: the journal must outlive it.
    server = await TestServer.start({ compactEvery: 2 });
    map = await createMap(server.url, { title: 'Journal' });
    ana = connect(server.wsUrl, map.id, map.editToken);
    ana.provider.awareness.setLocalState({ user: { name: 'Ana (nurse)', color: '#0f766e' }, cursor: null, selection: [] });
    await whenSynced(ana);
    for (const text of ['Pain at night', 'Poor sleep', 'Low mood']) {
      addStatement(ana.doc, { text, x: 0, y: 0 }, { name: 'Ana (nurse)' });
      // Stored and past: the next change arrives at a later millisecond.
      await eventually(async () => (await textsAt(Date.now())).includes(text), 5000, `${text} stored`);
      const stored = Date.now();
      await waitFor(() => Date.now() > stored + 2, 1000, 'the clock to move on');
      moments.push(stored);
    }
  });
  afterAll(async () => {
    disconnectAll();
    await server.stop();
  });

  it('gives the map as it was at each moment, compactions notwithstanding', async () => {
    expect(await textsAt(moments[0]!)).toEqual(['Pain at night']);
    expect(await textsAt(moments[1]!)).toEqual(['Pain at night', 'Poor sleep']);
    expect(await textsAt(moments[2]!)).toEqual(['Pain at night', 'Poor sleep', 'Low mood']);
    expect(readMap(ana.doc).statements).toHaveLength(3);
  });

  it('is 404 before the map existed and 400 for a time that is not one', async () => {
    const before = await at('?at=1000');
    expect(before.status).toBe(404);
    expect(((await before.json()) as { error: { message: string } }).error.message).toContain('did not exist yet');
    expect((await at('?at=yesterday')).status).toBe(400);
  });

  it('exports the map as it was: the file has that day and only what existed then', async () => {
    const response = await at(`/export?format=svg&at=${moments[0]}`);
    expect(response.status).toBe(200);
    const svg = await response.text();
    expect(svg).toContain('Pain at night');
    expect(svg).not.toContain('Poor sleep');
    expect(response.headers.get('content-disposition')).toContain(new Date(moments[0]!).toISOString().slice(0, 10));
  });

  it('keeps who sent each update and when it arrived, and compaction never deletes any', () => {
    const db = new Database(databasePath(server.dataDir), { readonly: true });
    try {
      const rows = db
        .prepare('SELECT seq, received_at, author FROM updates WHERE map_id = ? ORDER BY seq')
        .all(map.id) as { seq: number; received_at: number; author: string | null }[];
      const snapshot = db.prepare('SELECT upto_seq FROM snapshots WHERE map_id = ?').get(map.id) as { upto_seq: number };
      expect(rows[0]?.seq).toBe(1);
      expect(snapshot.upto_seq).toBeGreaterThan(1);
      expect(rows.filter((row) => row.author === 'Ana (nurse)').length).toBeGreaterThanOrEqual(3);
      expect(rows.every((row, i) => i === 0 || row.received_at >= rows[i - 1]!.received_at)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('lists what happened, by whom and when (SPEC §3), as JSON and as CSV for a spreadsheet', async () => {
    const events = ((await (await at('/history')).json()) as { events: { seq: number; kind: string; by: string; text?: string; receivedAt: number }[] }).events;
    const added = events.filter((event) => event.kind === 'statement-added');
    expect(added.map((event) => event.text)).toEqual(['Pain at night', 'Poor sleep', 'Low mood']);
    expect(added.every((event) => event.by === 'Ana (nurse)')).toBe(true);
    expect(events.map((event) => event.seq)).toEqual(events.map((_, i) => i + 1));
    expect(added[1]!.receivedAt).toBeGreaterThan(moments[0]!);
    const csv = await at('/history?format=csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('seq,at,received_at,by,kind,statement,from,to,polarity,valence,loop,text');
    expect(lines[1]).toMatch(/^1,\d{4}-\d\d-\d\dT[\d:.]+Z,[^,]+,Ana \(nurse\),statement-added,1,,,,neutral,,Pain at night$/);
  });

  it('gives the journal itself, from which the map rebuilds exactly (what Replay uses)', async () => {
    const { entries, events, eventEntries, vicious } = (await (await at('/journal')).json()) as {
      entries: { receivedAt: number; by: string | null; update: string }[];
      events: { seq: number; kind: string }[];
      eventEntries: number[];
      vicious: number[];
    };
    expect(entries.length).toBeGreaterThanOrEqual(4);
    // The events a replay steps through, each with the entry after which it had happened.
    expect(events.map((event) => event.kind)).toEqual((await (await at('/history')).json()).events.map((event: { kind: string }) => event.kind));
    expect(eventEntries).toHaveLength(events.length);
    expect(eventEntries.every((entry, i) => entry >= (eventEntries[i - 1] ?? 0) && entry < entries.length)).toBe(true);
    expect(vicious.every((seq) => events[seq - 1]?.kind === 'loop-closed')).toBe(true);
    expect(entries.some((entry) => entry.by === 'Ana (nurse)')).toBe(true);
    const rebuilt = new Y.Doc();
    for (const entry of entries) Y.applyUpdate(rebuilt, Buffer.from(entry.update, 'base64'));
    expect(readMap(rebuilt).statements.map((s) => s.text)).toEqual(['Pain at night', 'Poor sleep', 'Low mood']);
    expect((await fetch(`${server.url}/api/docs/${map.id}/journal`)).status).toBe(401);
  });
});
