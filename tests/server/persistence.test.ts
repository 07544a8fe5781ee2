import { type ExportDocument, toExportDocument } from '@causal-map/shared/export-document';
import { addLink } from '@causal-map/shared/link';
import { readMap } from '@causal-map/shared/map-view';
import { addStatement, setStatementText, setValence } from '@causal-map/shared/statement';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { databasePath } from '../../server/src/sqlite-storage.js';
import {
  TestServer,
  connect,
  createMap,
  disconnect,
  disconnectAll,
  eventually,
  fetchMap,
  waitFor,
  whenSynced,
} from './helpers.js';

const ben = { name: 'Ben (GP)' };
const chloe = { name: 'Chloe (social worker)' };

async function exported(server: TestServer, id: string, token: string): Promise<ExportDocument> {
  const response = await fetchMap(server.url, id, token);
  expect(response.status).toBe(200);
  return (await response.json()) as ExportDocument;
}

/** Reads the update log and snapshot of one map straight from the SQLite file. */
/** Updates the snapshot does not cover yet, what it covers, and the whole journal. */
function storedRows(dataDir: string, mapId: string): { updates: number; uptoSeq: number; journal: number } {
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    const snapshot = db.prepare('SELECT upto_seq FROM snapshots WHERE map_id = ?').get(mapId) as
      | { upto_seq: number }
      | undefined;
    const uptoSeq = snapshot?.upto_seq ?? 0;
    const updates = db.prepare('SELECT COUNT(*) AS n FROM updates WHERE map_id = ? AND seq > ?').get(mapId, uptoSeq) as { n: number };
    const journal = db.prepare('SELECT COUNT(*) AS n FROM updates WHERE map_id = ?').get(mapId) as { n: number };
    return { updates: updates.n, uptoSeq, journal: journal.n };
  } finally {
    db.close();
  }
}

describe('persistence', () => {
  let server: TestServer | null = null;

  afterEach(async () => {
    disconnectAll();
    await server?.stop();
    server = null;
  });

  it('keeps a map identical across a restart', async () => {
    const running = await TestServer.start();
    server = running;
    const map = await createMap(running.url, { title: 'Mr B after the fall' });
    const client = connect(running.wsUrl, map.id, map.editToken);
    await whenSynced(client);
    const first = addStatement(client.doc, { text: 'Mr B is afraid of falling', x: 0, y: 0, valence: 'negative' }, ben);
    const second = addStatement(client.doc, { text: 'Mr B stays in his chair', x: 200, y: 0 }, chloe);
    addLink(client.doc, { from: first, to: second, polarity: '+' }, ben);
    setStatementText(client.doc, second, 'Mr B stays in his chair all day');
    setValence(client.doc, second, 'negative');
    const expected = toExportDocument(client.doc);
    // The server has everything once its GET shows the last edit.
    await eventually(async () => JSON.stringify(await exported(running, map.id, map.viewToken)) === JSON.stringify(expected));
    disconnect(client);

    await running.restart();
    expect(await exported(running, map.id, map.viewToken)).toEqual(expected);
    const again = connect(running.wsUrl, map.id, map.editToken);
    await whenSynced(again);
    expect(toExportDocument(again.doc)).toEqual(expected);
  });

  it('compacts the update log without losing a statement or its text', async () => {
    const running = await TestServer.start({ compactEvery: 10 });
    server = running;
    const map = await createMap(running.url);
    const first = connect(running.wsUrl, map.id, map.editToken);
    const second = connect(running.wsUrl, map.id, map.editToken);
    await Promise.all([whenSynced(first), whenSynced(second)]);

    const ids: string[] = [];
    for (let i = 0; i < 60; i += 1) {
      const [client, author] = i % 2 === 0 ? [first, ben] : [second, chloe];
      const id = addStatement(client.doc, { text: `statement ${i}`, x: i * 10, y: 0 }, author);
      setStatementText(client.doc, id, `statement ${i}, edited`);
      ids.push(id);
    }
    const done = (doc: typeof first.doc): boolean =>
      readMap(doc).statements.filter((statement) => statement.text.endsWith('edited')).length === 60;
    await waitFor(() => done(first.doc) && done(second.doc), 10_000, 'both clients to have every edit');

    // 120+ updates went through the server; with compactEvery = 10 fewer than 10 are left.
    const whileRunning = storedRows(running.dataDir, map.id);
    expect(whileRunning.updates).toBeLessThan(10);
    expect(whileRunning.uptoSeq).toBeGreaterThanOrEqual(110);
    // Compaction folds the log into the snapshot but keeps the journal whole.
    expect(whileRunning.journal).toBeGreaterThanOrEqual(121);

    const expected = toExportDocument(first.doc);
    expect(toExportDocument(second.doc)).toEqual(expected);
    disconnectAll();
    await running.restart();
    // Closing compacted the rest.
    expect(storedRows(running.dataDir, map.id).updates).toBe(0);
    const document = await exported(running, map.id, map.editToken);
    expect(document).toEqual(expected);
    // Numbers of concurrent adds are Yjs's to order; all 60 are there, numbered 1..60.
    expect(document.statements.map((statement) => statement.id).sort()).toEqual([...ids].sort());
    expect(document.statements.map((statement) => statement.number)).toEqual(ids.map((_, i) => i + 1));
  });
});
