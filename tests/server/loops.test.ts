import { readFileSync } from 'node:fs';
import type { ExportDocument, ExportLoop } from '@causal-map/shared/export-document';
import { importIntoDoc, parseExportDocument } from '@causal-map/shared/export-document';
import { addLink, deleteLink, wellFormedLinks } from '@causal-map/shared/link';
import { analyseMap, readFlags, readLabels, toExportLoop } from '@causal-map/shared/loop';
import { addStatement, setStatementText, setValence } from '@causal-map/shared/statement';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { type LoopJob, runLoopJob } from '../../server/src/loop-job.js';
import { LoopPass, SERVER_ORIGIN } from '../../server/src/loop-pass.js';
import type { LoopJobOutcome, LoopRunner } from '../../server/src/loop-pool.js';
import {
  type Client,
  type CreatedMap,
  TestServer,
  connect,
  createMap,
  disconnect,
  disconnectAll,
  fetchMap,
  waitFor,
  whenSynced,
} from './helpers.js';

// SPEC §2 labels, §3 GET /loops and §5 flags, against the real server and stock clients.

// One clock for both, a millisecond per change: the link Ana adds last is the one that closes.
let clock = Date.now();
const tick = (): number => ++clock;
const ana = { name: 'Ana (nurse)', now: tick };
const ben = { name: 'Ben (GP)', now: tick };

interface LoopsBody {
  loops: ExportLoop[];
  truncated: boolean;
}

function dementiaFile(): unknown {
  return JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8'));
}

/** The map a file makes, built here from the same shared code, to compare with the server. */
function importedDoc(file: unknown): Y.Doc {
  const parsed = parseExportDocument(file);
  if (!parsed.ok) throw new Error(parsed.message);
  const doc = new Y.Doc();
  importIntoDoc(doc, parsed.document);
  return doc;
}

async function getLoops(baseUrl: string, id: string, token: string | null): Promise<Response> {
  const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
  return fetch(`${baseUrl}/api/docs/${id}/loops`, { headers });
}

async function loopsOf(baseUrl: string, id: string, token: string): Promise<LoopsBody> {
  const response = await getLoops(baseUrl, id, token);
  expect(response.status).toBe(200);
  return (await response.json()) as LoopsBody;
}

/** Three negative statements in a chain; the last link (by Ana) closes a vicious loop. */
function closeViciousLoop(client: { doc: Y.Doc }): { statementIds: string[]; linkIds: string[] } {
  const statementIds = ['Mrs A sleeps badly', 'Mrs A is tired all day', 'Mrs A worries at night'].map((text, i) =>
    addStatement(client.doc, { text, x: i * 100, y: 0, valence: 'negative' }, ben),
  );
  const linkIds = statementIds.map((from, i) => {
    const to = statementIds[(i + 1) % statementIds.length] ?? '';
    const added = addLink(client.doc, { from, to }, i === statementIds.length - 1 ? ana : ben);
    if (!added.ok) throw new Error(added.reason);
    return added.id;
  });
  return { statementIds, linkIds };
}

function loopKey(statementIds: string[]): string {
  const smallest = [...statementIds].sort()[0] ?? '';
  const at = statementIds.indexOf(smallest);
  return [...statementIds.slice(at), ...statementIds.slice(0, at)].join('>');
}

/** A map where every statement links to every other: far more loops than anyone can list. */
function denseFile(size: number): unknown {
  const ids = Array.from({ length: size }, (_, i) => `s${String(i + 1).padStart(3, '0')}`);
  return {
    format: 'causal-map',
    version: 1,
    title: 'Dense',
    statements: ids.map((id, i) => ({ id, number: i + 1, text: `statement ${i + 1}`, valence: 'neutral', x: i, y: 0, createdAt: 1, createdBy: 'Ben', deletedAt: null })),
    links: ids.flatMap((from, i) =>
      ids.filter((to) => to !== from).map((to, j) => ({ id: `l${i}-${j}`, from, to, polarity: '+', createdAt: 2 + i * size + j, createdBy: 'Ben', deletedAt: null })),
    ),
  };
}

describe('loops on the server', () => {
  let server: TestServer;

  beforeAll(async () => {
    // A generous budget: these tests are about results, not about how fast this machine is.
    server = await TestServer.start({ loopBudgetMs: 30_000 });
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await server.stop();
  });

  async function twoClients(): Promise<{ map: CreatedMap; writer: Client; other: Client }> {
    const map = await createMap(server.url);
    const writer = connect(server.wsUrl, map.id, map.editToken);
    const other = connect(server.wsUrl, map.id, map.viewToken);
    await Promise.all([whenSynced(writer), whenSynced(other)]);
    return { map, writer, other };
  }

  it('flags a vicious loop when it closes, labels it R1, and drops the flag when it breaks', async () => {
    const { writer, other } = await twoClients();
    const { statementIds, linkIds } = closeViciousLoop(writer);
    const key = loopKey(statementIds);
    await waitFor(() => other.doc.getMap('flags').has(key), 5000, 'the flag on the other client');

    const raw = other.doc.getMap('flags').get(key);
    expect(raw).toBeInstanceOf(Y.Map);
    const closing = writer.doc.getMap('links').get(linkIds[2] ?? '') as Y.Map<unknown>;
    const flag = readFlags(other.doc)[0];
    expect(flag).toMatchObject({ key, statementIds, closedAt: closing.get('createdAt'), closedBy: 'Ana (nurse)' });
    expect(flag?.flaggedAt).toBeGreaterThanOrEqual(flag?.closedAt ?? Infinity);
    await waitFor(() => readLabels(other.doc)[key] === 'R1', 5000, 'the label R1');
    expect(readLabels(other.doc)).toEqual({ [key]: 'R1' });

    deleteLink(writer.doc, linkIds[1] ?? '', ben);
    await waitFor(() => !other.doc.getMap('flags').has(key), 5000, 'the flag to go');
    expect(readLabels(other.doc)).toEqual({ [key]: 'R1' });
  });

  it('deletes a link two people drew at the same time, keeping the earliest, so deleting the link deletes it', async () => {
    const map = await createMap(server.url);
    const ana_ = connect(server.wsUrl, map.id, map.editToken);
    const ben_ = connect(server.wsUrl, map.id, map.editToken);
    await Promise.all([whenSynced(ana_), whenSynced(ben_)]);
    const pain = addStatement(ana_.doc, { text: 'Pain at night', x: 0, y: 0 }, ana);
    const sleep = addStatement(ana_.doc, { text: 'Poor sleep', x: 300, y: 0 }, ana);
    await waitFor(() => ben_.doc.getMap('statements').size === 2, 5000, 'both statements on Ben’s screen');
    // Both offline for a moment, each draws pain → sleep.
    ana_.provider.disconnect();
    ben_.provider.disconnect();
    const first = addLink(ana_.doc, { from: pain, to: sleep }, ana);
    const second = addLink(ben_.doc, { from: pain, to: sleep }, ben);
    expect(first.ok && second.ok).toBe(true);
    ana_.provider.connect();
    ben_.provider.connect();
    const live = (client: Client) => wellFormedLinks(client.doc);
    const linkMaps = (client: Client) => client.doc.getMap('links');
    await waitFor(() => linkMaps(ana_).size === 2 && linkMaps(ben_).size === 2, 5000, 'both links everywhere');
    // The server deletes the later one (Ben's: his clock came after Ana's).
    const later = second.ok ? second.id : '';
    await waitFor(() => (linkMaps(ana_).get(later) as Y.Map<unknown> | undefined)?.get('deletedAt') != null, 5000, 'the duplicate deleted');
    for (const client of [ana_, ben_]) {
      await waitFor(() => live(client).links.length === 1 && live(client).duplicateIds.length === 0, 5000, 'one live link');
      expect(live(client).links[0]?.id).toBe(first.ok ? first.id : '');
    }
    expect((linkMaps(ben_).get(later) as Y.Map<unknown>).get('deletedBy')).toBe('server');
    // Deleting the link deletes it: no hidden duplicate takes its place.
    deleteLink(ben_.doc, first.ok ? first.id : '', ben);
    await waitFor(() => live(ana_).links.length === 0, 5000, 'the link gone for Ana');
    // Once the server has worked out the map as it is now, its pass has run: nothing came back.
    expect((await fetch(`${server.url}/api/docs/${map.id}/loops`, { headers: { Authorization: `Bearer ${map.editToken}` } })).status).toBe(200);
    expect(live(ana_).links).toEqual([]);
    expect(live(ben_).links).toEqual([]);
  });

  it('lists the loops of an imported map, named by the server; view tokens may read them', async () => {
    const file = dementiaFile();
    const map = await createMap(server.url, file);
    const expected = analyseMap(importedDoc(file)).loops.map(toExportLoop);
    const vicious = expected.filter((loop) => loop.polarity === 'reinforcing' && loop.character === 'vicious');
    expect(vicious).toHaveLength(3);
    expect(expected.filter((loop) => loop.polarity === 'balancing')).toHaveLength(2);

    // Not open yet: worked out from storage.
    const stored = await loopsOf(server.url, map.id, map.viewToken);
    expect(stored).toEqual({ loops: expected, truncated: false });
    expect(stored.loops.map((loop) => loop.name).sort()).toEqual(['B1', 'B2', 'R1', 'R2', 'R3']);
    expect((await getLoops(server.url, map.id, null)).status).toBe(401);
    expect((await getLoops(server.url, map.id, 'wrong')).status).toBe(401);

    // Open: the room labels and flags the loops at once, with the names GET gave.
    const client = connect(server.wsUrl, map.id, map.viewToken);
    await waitFor(() => readFlags(client.doc).length === 3, 5000, 'three flags');
    const labels = Object.fromEntries(expected.map((loop) => [loop.key, loop.name]));
    await waitFor(() => Object.keys(readLabels(client.doc)).length === 5, 5000, 'five labels');
    expect(readLabels(client.doc)).toEqual(labels);
    expect(readFlags(client.doc).map((flag) => flag.key).sort()).toEqual(vicious.map((loop) => loop.key).sort());
    expect(await loopsOf(server.url, map.id, map.editToken)).toEqual({ loops: expected, truncated: false });

    const exported = (await (await fetchMap(server.url, map.id, map.viewToken)).json()) as ExportDocument;
    expect(exported.loops).toEqual(expected);
    expect(exported.statements).toHaveLength(12);
  });

  it('puts labels and flags back when a client writes there', async () => {
    const { writer, other } = await twoClients();
    const { statementIds } = closeViciousLoop(writer);
    const key = loopKey(statementIds);
    await waitFor(() => other.doc.getMap('flags').has(key) && readLabels(other.doc)[key] === 'R1', 5000, 'flag and label');
    const flagBefore = readFlags(other.doc);

    writer.doc.transact(() => {
      const labels = writer.doc.getMap('labels');
      labels.set(key, 'R7');
      labels.set('a>b>c', 'B1');
      const flags = writer.doc.getMap('flags');
      flags.delete(key);
      const fake = new Y.Map<unknown>();
      fake.set('statementIds', ['a', 'b']);
      flags.set('a>b', fake);
    });
    await waitFor(
      () => readLabels(other.doc)[key] === 'R1' && !other.doc.getMap('labels').has('a>b>c') && other.doc.getMap('flags').has(key),
      5000,
      'labels and flags to be put back',
    );
    await waitFor(() => !other.doc.getMap('flags').has('a>b'), 5000, 'the fake flag to go');
    expect(readLabels(other.doc)).toEqual({ [key]: 'R1' });
    expect(readFlags(other.doc)).toEqual(flagBefore);
    await waitFor(() => !writer.doc.getMap('flags').has('a>b'), 5000, 'the writer to see it too');
    expect(readFlags(writer.doc)).toEqual(flagBefore);
    expect(readLabels(writer.doc)).toEqual({ [key]: 'R1' });
  });

  it('keeps relaying other maps while a dense map is analysed, and reports it truncated', async () => {
    const dense = await createMap(server.url, denseFile(40));
    const { writer, other } = await twoClients();

    // Opening the dense map starts its analysis; ask for its loops and edit another map meanwhile.
    const denseClient = connect(server.wsUrl, dense.id, dense.viewToken);
    const denseLoops = loopsOf(server.url, dense.id, dense.editToken);
    const id = addStatement(writer.doc, { text: 'Mrs A has a new carer', x: 0, y: 0 }, ana);
    const relayed = waitFor(() => other.doc.getMap('statements').has(id), 10_000, 'the edit on the other map');

    const [loops] = await Promise.all([denseLoops, relayed]);
    expect(loops.truncated).toBe(true);
    expect(loops.loops).toHaveLength(10_000);
    expect(new Set(loops.loops.map((loop) => loop.name)).size).toBe(10_000);
    await waitFor(() => denseClient.doc.getMap('labels').size === 10_000, 10_000, 'the dense map labels');
    disconnect(denseClient);
  });

  it('flags a loop closed just before everyone left, when the map opens again', async () => {
    const { map, writer } = await twoClients();
    const { statementIds } = closeViciousLoop(writer);
    // The room unloads at once (no grace period in tests), before its pass is due.
    disconnectAll();
    const reader = connect(server.wsUrl, map.id, map.viewToken);
    await waitFor(() => reader.doc.getMap('flags').has(loopKey(statementIds)), 5000, 'the flag after reopening');
    expect(readLabels(reader.doc)).toEqual({ [loopKey(statementIds)]: 'R1' });
  });

  it('keeps labels and flags across a restart, without flagging again', async () => {
    const { map, writer } = await twoClients();
    const { statementIds } = closeViciousLoop(writer);
    // A second, balancing loop: two links between the first two statements, one negative.
    const [first, second] = statementIds;
    if (first === undefined || second === undefined) throw new Error('no statements');
    const back = addLink(writer.doc, { from: second, to: first, polarity: '-' }, ben);
    expect(back.ok).toBe(true);
    await waitFor(() => Object.keys(readLabels(writer.doc)).length === 2 && readFlags(writer.doc).length === 1, 5000, 'two labels, one flag');
    const labels = readLabels(writer.doc);
    const flags = readFlags(writer.doc);
    expect(Object.values(labels).sort()).toEqual(['B1', 'R1']);

    disconnectAll();
    await server.restart();
    const reader = connect(server.wsUrl, map.id, map.viewToken);
    await whenSynced(reader);
    // Answered once the room's first pass has run (and written anything it wanted to).
    const loops = await loopsOf(server.url, map.id, map.viewToken);
    expect(loops.loops.map((loop) => loop.name).sort()).toEqual(['B1', 'R1']);
    const late = connect(server.wsUrl, map.id, map.viewToken);
    await whenSynced(late);
    expect(readLabels(late.doc)).toEqual(labels);
    expect(readFlags(late.doc)).toEqual(flags);
  });
});

describe('a loop analysis over its time budget', () => {
  let server: TestServer;

  beforeAll(async () => {
    // Listing up to 100,000 loops of the dense map takes seconds; a small map takes a millisecond.
    server = await TestServer.start({ loopBudgetMs: 300, maxLoops: 100_000 });
  });
  afterEach(() => disconnectAll());
  afterAll(async () => {
    await server.stop();
  });

  it('is stopped and skipped; the map still exports and other maps still get their flags', async () => {
    const dense = await createMap(server.url, denseFile(40));
    const response = await getLoops(server.url, dense.id, dense.editToken);
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('loops_unavailable');
    const exported = await fetchMap(server.url, dense.id, dense.viewToken);
    expect(exported.status).toBe(200);
    expect(((await exported.json()) as ExportDocument).loops).toEqual([]);

    // The stopped worker was replaced.
    const map = await createMap(server.url);
    const writer = connect(server.wsUrl, map.id, map.editToken);
    await whenSynced(writer);
    const { statementIds } = closeViciousLoop(writer);
    await waitFor(() => writer.doc.getMap('flags').has(loopKey(statementIds)), 5000, 'the flag on a small map');
  });
});

/** Runs loop jobs only when the test says so; the job is copied when asked, as the worker does. */
class HeldRunner implements LoopRunner {
  readonly asked: LoopJob[] = [];
  private readonly held: (() => void)[] = [];

  run(job: LoopJob): Promise<LoopJobOutcome> {
    this.asked.push(job);
    const result = runLoopJob(structuredClone(job));
    return new Promise((resolve) => this.held.push(() => resolve({ kind: 'done', result })));
  }

  finishAll(): void {
    for (const finish of this.held.splice(0)) finish();
  }
}

describe('the loop pass of one room', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A room's document and pass, without the room: changes by anyone but the server start passes. */
  function passOf(): { doc: Y.Doc; pass: LoopPass; runner: HeldRunner; serverWrites: () => number } {
    vi.useFakeTimers();
    const doc = new Y.Doc();
    const runner = new HeldRunner();
    const pass = new LoopPass({ mapId: 'm', doc, pool: runner, log: pino({ level: 'silent' }), maxLoops: 100 });
    let writes = 0;
    doc.on('update', (_update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin === SERVER_ORIGIN) writes += 1;
      else pass.changed(transaction);
    });
    return { doc, pass, runner, serverWrites: () => writes };
  }

  it('runs 100 ms after the last change, and at most 200 ms after the first', async () => {
    const { doc, runner } = passOf();
    addStatement(doc, { text: 'a', x: 0, y: 0 }, ben);
    await vi.advanceTimersByTimeAsync(60);
    addStatement(doc, { text: 'b', x: 0, y: 0 }, ben);
    await vi.advanceTimersByTimeAsync(99);
    expect(runner.asked).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(runner.asked).toHaveLength(1);
    runner.finishAll();
    // Someone keeps changing the map every 50 ms: a pass still runs 200 ms after the first change.
    for (let i = 0; i < 4; i++) {
      addStatement(doc, { text: `c${i}`, x: 0, y: 0 }, ben);
      await vi.advanceTimersByTimeAsync(i < 3 ? 50 : 49);
    }
    expect(runner.asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runner.asked).toHaveLength(2);
  });

  it('starts no pass for a change outside the map’s parts, and one for a change deep inside them', async () => {
    const { doc, runner } = passOf();
    // An outside tool keeping its own data in the document cannot change the loops.
    doc.getMap('someToolsOwnData').set('cursor', { x: 1 });
    await vi.advanceTimersByTimeAsync(300);
    expect(runner.asked).toHaveLength(0);
    const id = addStatement(doc, { text: 'a', x: 0, y: 0 }, ben);
    await vi.advanceTimersByTimeAsync(300);
    expect(runner.asked).toHaveLength(1);
    runner.finishAll();
    await vi.advanceTimersByTimeAsync(0);
    // A statement's valence sits in a map inside `statements`: that counts.
    setValence(doc, id, 'negative');
    await vi.advanceTimersByTimeAsync(300);
    expect(runner.asked).toHaveLength(2);
  });

  it('never writes a result the map has moved past, and runs again', async () => {
    const { doc, runner } = passOf();
    const { linkIds } = closeViciousLoop({ doc });
    await vi.advanceTimersByTimeAsync(200);
    expect(runner.asked).toHaveLength(1);
    deleteLink(doc, linkIds[0] ?? '', ben);
    runner.finishAll();
    await vi.advanceTimersByTimeAsync(0);
    // The loop the first pass saw is broken: neither its label nor its flag may be written.
    expect(readLabels(doc)).toEqual({});
    await vi.advanceTimersByTimeAsync(200);
    expect(runner.asked).toHaveLength(2);
    runner.finishAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(readLabels(doc)).toEqual({});
    expect(readFlags(doc)).toEqual([]);
  });

  it('writes the result when only text changed meanwhile, and does not analyse typing again', async () => {
    const { doc, runner, pass } = passOf();
    const { statementIds } = closeViciousLoop({ doc });
    await vi.advanceTimersByTimeAsync(200);
    setStatementText(doc, statementIds[0] ?? '', 'Mrs A sleeps very badly');
    runner.finishAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(readFlags(doc)).toHaveLength(1);
    expect(Object.values(readLabels(doc))).toEqual(['R1']);
    await vi.advanceTimersByTimeAsync(200);
    expect(runner.asked).toHaveLength(1);
    const answer = await pass.loops();
    expect(answer.kind === 'done' && (JSON.parse(answer.loopsJson) as ExportLoop[]).map((loop) => loop.name)).toEqual(['R1']);
  });

  it('answers a request for the loops without waiting for quiet', async () => {
    const { doc, runner, pass } = passOf();
    closeViciousLoop({ doc });
    const answer = pass.loops();
    await vi.advanceTimersByTimeAsync(0);
    expect(runner.asked).toHaveLength(1);
    runner.finishAll();
    const done = await answer;
    expect(done.kind === 'done' && (JSON.parse(done.loopsJson) as ExportLoop[]).length).toBe(1);
  });

  it('writes nothing once closed, even when a job comes back', async () => {
    const { doc, runner, pass, serverWrites } = passOf();
    closeViciousLoop({ doc });
    await vi.advanceTimersByTimeAsync(200);
    const answer = pass.loops();
    pass.close();
    runner.finishAll();
    await vi.advanceTimersByTimeAsync(200);
    expect(serverWrites()).toBe(0);
    expect(await answer).toMatchObject({ kind: 'failed', reason: 'closed' });
    addStatement(doc, { text: 'after', x: 0, y: 0 }, ben);
    await vi.advanceTimersByTimeAsync(200);
    expect(runner.asked).toHaveLength(1);
  });
});
