import type { ExportDocument } from '@causal-map/shared/export-document';
import { addLink } from '@causal-map/shared/link';
import { readFlags, readLabels } from '@causal-map/shared/loop';
import { readMap } from '@causal-map/shared/map-view';
import { addStatement, statementText } from '@causal-map/shared/statement';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type CreatedMap,
  connect,
  createMap,
  disconnectAll,
  eventually,
  fetchMap,
  makeTempDir,
  removeDir,
  waitFor,
  whenSynced,
} from './helpers.js';
import { type ServerProcess, buildServer, killHard, startServerProcess } from './server-process.js';
import { type PostgresServer, type RedisServer, startPostgres, startRedis } from './services.js';
import { type Balancer, startBalancer } from './tcp-balancer.js';
import { mulberry32 } from '../unit/helpers/random.js';

// SPEC §8: several server processes (nodes) on one PostgreSQL and one Redis, each a real child
// process, with stock y-websocket clients on different nodes (or behind a balancer).

const ana = { name: 'Ana (nurse)' };
const ben = { name: 'Ben (GP)' };

interface Node {
  process: ServerProcess;
  port: number;
}

interface Health {
  ok: boolean;
  database: string;
  redis: string;
  openMaps: number;
  keeping: number;
}

let pg: PostgresServer;
let redis: RedisServer;
let dataDir: string;
let database = 0;
const nodes: Node[] = [];

/** A fresh database per test, so nothing carries over. */
async function freshDatabase(): Promise<string> {
  database += 1;
  const name = `cluster_${database}`;
  await pg.createDatabase(name);
  return pg.url(name);
}

async function startNode(databaseUrl: string, name: string, env: Record<string, string> = {}): Promise<Node> {
  const process = await startServerProcess(dataDir, {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    NODE_ID: name,
    ROOM_GRACE_MS: '0',
    CREATES_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
    ...env,
  });
  const node = { process, port: Number(new URL(process.url).port) };
  nodes.push(node);
  return node;
}

/** Two nodes on a fresh database, a map made on the first, and a stock client on each, synced. */
async function twoNodes(title: string, env: Record<string, string> = {}): Promise<{ a: Node; b: Node; map: CreatedMap; onA: Client; onB: Client }> {
  const url = await freshDatabase();
  const [a, b] = await Promise.all([startNode(url, 'a', env), startNode(url, 'b', env)]);
  const map = await createMap(a.process.url, { title });
  const onA = connect(a.process.wsUrl, map.id, map.editToken);
  const onB = connect(b.process.wsUrl, map.id, map.editToken);
  await Promise.all([whenSynced(onA), whenSynced(onB)]);
  return { a, b, map, onA, onB };
}

async function health(node: Node): Promise<Health> {
  return (await (await fetch(`${node.process.url}/healthz`)).json()) as Health;
}

/** Three bad circumstances; linkAround then makes each lead to the next, and back: vicious. */
function badCircumstances(client: Client): string[] {
  return ['Sleeps badly', 'Tired all day', 'Worries at night'].map((text, i) =>
    addStatement(client.doc, { text, x: i * 100, y: 0, valence: 'negative' }, ana),
  );
}

function linkAround(client: Client, ids: string[], from: number): void {
  const added = addLink(client.doc, { from: ids[from] ?? '', to: ids[(from + 1) % ids.length] ?? '' }, ben);
  if (!added.ok) throw new Error(added.reason);
}

function texts(client: Client): string[] {
  return readMap(client.doc).statements.map((statement) => `${statement.number}. ${statement.text}`);
}

beforeAll(async () => {
  buildServer();
  [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  dataDir = await makeTempDir('causal-map-cluster-');
}, 120_000);

afterEach(async () => {
  disconnectAll();
  await Promise.all(nodes.splice(0).map((node) => killHard(node.process)));
});

afterAll(async () => {
  await Promise.all([pg?.destroy(), redis?.destroy()]);
  if (dataDir) await removeDir(dataDir);
});

describe('several nodes on PostgreSQL and Redis', () => {
  it('relays edits live both ways between nodes, numbers statements the same everywhere, and shows presence across nodes', async () => {
    // No checks against storage in this test: what arrives comes through Redis.
    const { b, map, onA, onB } = await twoNodes('Mrs A', { CLUSTER_CHECK_MS: '600000' });
    expect(onB.doc.getMap('meta').get('title')).toBe('Mrs A');

    const memory = addStatement(onA.doc, { text: 'Memory worsens', x: 0, y: 0 }, ana);
    await waitFor(() => onB.doc.getMap('statements').has(memory), 5000, 'A’s statement on B');
    const withdrawal = addStatement(onB.doc, { text: 'Withdraws from friends', x: 200, y: 0 }, ben);
    await waitFor(() => onA.doc.getMap('statements').has(withdrawal), 5000, 'B’s statement on A');
    // Both at once, on different nodes: each gets a number, the same on both screens.
    addStatement(onA.doc, { text: 'Fewer visits', x: 0, y: 200 }, ana);
    addStatement(onB.doc, { text: 'Faster decline', x: 200, y: 200 }, ben);
    await waitFor(() => readMap(onA.doc).statements.length === 4 && readMap(onB.doc).statements.length === 4, 5000, 'four statements on both');
    expect(texts(onA)).toEqual(texts(onB));
    expect(readMap(onA.doc).statements.map((statement) => statement.number)).toEqual([1, 2, 3, 4]);
    // Typing goes across too.
    statementText(onB.doc, memory)?.insert(14, ' quickly');
    await waitFor(() => statementText(onA.doc, memory)?.toString() === 'Memory worsens quickly', 5000, 'the typing on A');

    // Presence: Ana's cursor on node A is seen by Ben on node B.
    onA.provider.awareness.setLocalStateField('user', { name: 'Ana (nurse)', color: '#d33' });
    onA.provider.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
    const seenOnB = (): unknown[] => Array.from(onB.provider.awareness.getStates().values()).map((state) => state.user?.name);
    await waitFor(() => seenOnB().includes('Ana (nurse)'), 5000, 'Ana’s presence on node B');
    onA.provider.awareness.setLocalState(null);
    await waitFor(() => !seenOnB().includes('Ana (nurse)'), 5000, 'Ana gone from node B');

    // What either node serves over HTTP is the same map.
    const fromB = (await (await fetchMap(b.process.url, map.id, map.viewToken)).json()) as ExportDocument;
    expect(fromB.statements.map((statement) => statement.text).sort()).toEqual(
      ['Faster decline', 'Fewer visits', 'Memory worsens quickly', 'Withdraws from friends'],
    );
  });

  it('flags a vicious loop closed across three nodes once, with one label, kept by one node', async () => {
    const url = await freshDatabase();
    const three = await Promise.all([startNode(url, 'a'), startNode(url, 'b'), startNode(url, 'c')]);
    const map = await createMap(three[0]?.process.url ?? '', { title: 'Loop' });
    const clients = three.map((node) => connect(node.process.wsUrl, map.id, map.editToken));
    await Promise.all(clients.map((client) => whenSynced(client)));
    const [first, second, third] = clients as [Client, Client, Client];
    const ids = badCircumstances(first);
    await waitFor(() => second.doc.getMap('statements').size === 3 && third.doc.getMap('statements').size === 3, 5000, 'the statements everywhere');
    linkAround(first, ids, 0);
    linkAround(second, ids, 1);
    linkAround(third, ids, 2);
    for (const client of clients) {
      await waitFor(() => readFlags(client.doc).length === 1 && Object.keys(readLabels(client.doc)).length === 1, 8000, 'one flag and one label');
    }
    expect(Object.values(readLabels(first.doc))).toEqual(['R1']);
    expect(readLabels(third.doc)).toEqual(readLabels(first.doc));
    // Exactly one node keeps the map.
    const keeping = (await Promise.all(three.map(health))).map((report) => report.keeping);
    expect(keeping.reduce((sum, count) => sum + count, 0)).toBe(1);
    // Nobody wrote a second label meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(Object.keys(readLabels(second.doc))).toHaveLength(1);
  });

  it('loses nothing anyone received when a node is killed (kill -9) mid-storm; the keeper role moves and clients carry on on another node', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([startNode(url, 'a'), startNode(url, 'b')]);
    const alive = new Set([a, b]);
    const balancer: Balancer = await startBalancer(() => Array.from(alive, (node) => node.port));
    try {
      const map = await createMap(balancer.url, { title: 'Storm' });
      const people = ['Ana', 'Ben', 'Chloe', 'Dan'];
      // Round robin: two people land on each node.
      const clients: Client[] = [];
      for (const _person of people) {
        const client = connect(balancer.wsUrl, map.id, map.editToken);
        await whenSynced(client);
        clients.push(client);
      }
      const random = mulberry32(7);
      let storming = true;
      const storms = clients.map(async (client, index) => {
        const name = people[index] ?? '';
        const mine: string[] = [];
        while (storming) {
          const own = mine[Math.floor(random() * mine.length)];
          if (own === undefined || random() < 0.3) mine.push(addStatement(client.doc, { text: `${name}: `, x: random() * 800, y: random() * 600 }, { name }));
          else statementText(client.doc, own)?.insert(statementText(client.doc, own)?.length ?? 0, 'abcdefghij'.charAt(Math.floor(random() * 10)));
          await new Promise((resolve) => setTimeout(resolve, 3 + random() * 10));
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      // Kill the node that keeps the map.
      const reports = await Promise.all([health(a), health(b)]);
      const keeper = reports[0]?.keeping === 1 ? a : b;
      const survivor = keeper === a ? b : a;
      alive.delete(keeper);
      await killHard(keeper.process);
      // What each client had from the others at the moment of the kill.
      const seen = clients.flatMap((client, index) =>
        readMap(client.doc).statements.filter((statement) => !statement.text.startsWith(`${people[index]}:`)).map((statement) => ({ id: statement.id, text: statement.text })),
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      storming = false;
      await Promise.all(storms);
      // Everyone is back, on the surviving node, and all four converge.
      await waitFor(() => clients.every((client) => client.provider.wsconnected && client.provider.synced), 15_000, 'every client reconnected');
      await waitFor(() => {
        const first = JSON.stringify(texts(clients[0] as Client));
        return clients.every((client) => JSON.stringify(texts(client)) === first);
      }, 10_000, 'the four clients to converge');
      const stored = (await (await fetchMap(survivor.process.url, map.id, map.viewToken)).json()) as ExportDocument;
      const storedTexts = new Map(stored.statements.map((statement) => [statement.id, statement.text]));
      for (const statement of seen) {
        expect(storedTexts.has(statement.id), `statement ${statement.text}`).toBe(true);
        expect(storedTexts.get(statement.id)?.startsWith(statement.text), `text of ${statement.text}`).toBe(true);
      }
      // The surviving node took the keeper role over and flags a new loop.
      await eventually(async () => (await health(survivor)).keeping === 1, 8000, 'the survivor to keep the map');
      const ids = badCircumstances(clients[0] as Client);
      await waitFor(() => (clients[1] as Client).doc.getMap('statements').has(ids[2] ?? ''), 5000, 'the statements on the second client');
      for (let i = 0; i < 3; i += 1) linkAround(clients[i % 2] as Client, ids, i);
      await waitFor(() => readFlags((clients[3] as Client).doc).length === 1, 8000, 'the flag after the takeover');
    } finally {
      await balancer.close();
    }
  }, 60_000);

  it('closes the connections of a rotated link on every node', async () => {
    const { a, map, onB } = await twoNodes('Rotate');
    let closeCode = 0;
    onB.provider.on('connection-close', (event: CloseEvent | null) => {
      closeCode = event?.code ?? closeCode;
    });
    const rotated = await fetch(`${a.process.url}/api/docs/${map.id}/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${map.editToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ rotate: 'edit' }),
    });
    expect(rotated.status).toBe(200);
    await waitFor(() => closeCode === 4001, 5000, 'node B to close the revoked link (4001)');
  });

  it('loses nothing across a rolling restart of both nodes', async () => {
    const url = await freshDatabase();
    const first = await Promise.all([startNode(url, 'a'), startNode(url, 'b')]);
    const alive = new Set(first);
    const balancer = await startBalancer(() => Array.from(alive, (node) => node.port));
    try {
      const map = await createMap(balancer.url, { title: 'Rolling' });
      const clients = [connect(balancer.wsUrl, map.id, map.editToken), connect(balancer.wsUrl, map.id, map.editToken)];
      await Promise.all(clients.map((client) => whenSynced(client)));
      const added: string[] = [];
      let editing = true;
      const edits = (async () => {
        for (let i = 0; editing; i += 1) {
          const client = clients[i % 2] as Client;
          added.push(addStatement(client.doc, { text: `Edit ${i}`, x: i, y: 0 }, i % 2 === 0 ? ana : ben));
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      })();
      // One node at a time: stop it (SIGTERM, as an update would), start its replacement.
      for (const [index, old] of first.entries()) {
        alive.delete(old);
        old.process.child.kill('SIGTERM');
        await old.process.exited;
        alive.add(await startNode(url, `${index === 0 ? 'a' : 'b'}2`));
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      editing = false;
      await edits;
      await waitFor(() => clients.every((client) => client.provider.wsconnected && client.provider.synced), 15_000, 'both clients reconnected');
      await waitFor(() => clients.every((client) => client.doc.getMap('statements').size === added.length), 10_000, 'every edit on both clients');
      const survivor = Array.from(alive)[0] as Node;
      await eventually(async () => {
        const stored = (await (await fetchMap(survivor.process.url, map.id, map.viewToken)).json()) as ExportDocument;
        return stored.statements.length === added.length;
      }, 5000, 'every edit stored');
      expect(texts(clients[0] as Client)).toEqual(texts(clients[1] as Client));
    } finally {
      await balancer.close();
    }
  }, 60_000);

  it('loses and duplicates nothing when Redis restarts mid-session', async () => {
    const { a, b, map, onA, onB } = await twoNodes('Redis restart');
    addStatement(onA.doc, { text: 'Before', x: 0, y: 0 }, ana);
    await waitFor(() => onB.doc.getMap('statements').size === 1, 5000, 'the first statement on B');

    await redis.stop();
    await eventually(async () => (await health(a)).redis === 'down', 5000, 'node A to notice');
    expect((await fetch(`${a.process.url}/healthz`)).status).toBe(503);
    // Edits made meanwhile are refused by the nodes (not relayed half-way) and kept by the clients.
    addStatement(onA.doc, { text: 'During, on A', x: 0, y: 100 }, ana);
    addStatement(onB.doc, { text: 'During, on B', x: 0, y: 200 }, ben);
    await redis.start();
    await eventually(async () => (await health(a)).ok && (await health(b)).ok, 10_000, 'both nodes healthy again');
    addStatement(onB.doc, { text: 'After', x: 0, y: 300 }, ben);
    const all = ['After', 'Before', 'During, on A', 'During, on B'];
    const sorted = (client: Client): string[] => readMap(client.doc).statements.map((statement) => statement.text).sort();
    await waitFor(() => JSON.stringify(sorted(onA)) === JSON.stringify(all) && JSON.stringify(sorted(onB)) === JSON.stringify(all), 15_000, 'all four statements on both');
    expect(texts(onA)).toEqual(texts(onB));
    // Stored once each: the history has one "added" event per statement.
    await eventually(async () => {
      const history = (await (await fetch(`${b.process.url}/api/docs/${map.id}/history?token=${map.viewToken}`)).json()) as { events: { kind: string }[] };
      return history.events.filter((event) => event.kind === 'statement-added').length === 4;
    }, 5000, 'four statement-added events');
  }, 60_000);

  it('refuses writes while PostgreSQL is down, relays nothing, and recovers after', async () => {
    const { a, b, map, onA, onB } = await twoNodes('Database down');
    await pg.stop();
    try {
      await eventually(async () => (await health(a)).database === 'down', 5000, 'node A to notice');
      const response = await fetch(`${a.process.url}/healthz`);
      expect(response.status).toBe(503);
      const closesBefore = onA.closes;
      const lost = addStatement(onA.doc, { text: 'Written while the database is down', x: 0, y: 0 }, ana);
      // Node A closes the connection instead of taking the update (1013: try again later).
      await waitFor(() => onA.closes > closesBefore, 5000, 'node A to refuse the update');
      const created = await fetch(`${a.process.url}/api/docs`, { method: 'POST', body: '{}' });
      expect(created.status).toBe(503);
      expect(((await created.json()) as { error: { message: string } }).error.message).toMatch(/database/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(onB.doc.getMap('statements').has(lost)).toBe(false);
    } finally {
      await pg.start();
    }
    await eventually(async () => (await health(a)).ok && (await health(b)).ok, 10_000, 'both nodes healthy again');
    // Ana's client sends the statement again on reconnecting; now it is stored and relayed.
    const lostId = Array.from(onA.doc.getMap('statements').keys())[0] ?? '';
    await waitFor(() => onB.doc.getMap('statements').has(lostId), 15_000, 'the statement on B after recovery');
    await eventually(async () => {
      const stored = (await (await fetchMap(b.process.url, map.id, map.viewToken)).json()) as ExportDocument;
      return stored.statements.some((statement) => statement.id === lostId);
    }, 5000, 'the statement stored');
  }, 60_000);
});
