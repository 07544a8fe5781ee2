import type { ExportDocument } from '@causal-map/shared/export-document';
import { readMap } from '@causal-map/shared/map-view';
import { addStatement, statementText } from '@causal-map/shared/statement';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, connect, createMap, disconnectAll, fetchMap, makeTempDir, removeDir, whenSynced } from './helpers.js';
import { type ServerProcess, buildServer, killHard, startServerProcess } from './server-process.js';
import { mulberry32 } from '../unit/helpers/random.js';

// SPEC §4 under a storm: four stock clients add statements and type while the server is
// killed (SIGKILL) at a seeded random moment, compactions included. After a restart, every
// statement any client received from someone else is there, with at least the text it saw.
// The rounds share one data directory, so each start also recovers from the previous crash.

const SEEDS = [101, 202, 303, 404];
const PEOPLE = ['Ana (nurse)', 'Ben (GP)', 'Chloe (social worker)', 'Dan (son)'];

interface Seen {
  id: string;
  text: string;
  by: string;
}

/** One person: adds statements and types at the end of their own, at a random pace. */
async function storm(client: Client, name: string, random: () => number, running: () => boolean): Promise<void> {
  const mine: string[] = [];
  while (running()) {
    const own = mine[Math.floor(random() * mine.length)];
    if (own === undefined || random() < 0.3) {
      mine.push(addStatement(client.doc, { text: `${name} #${mine.length}: `, x: random() * 800, y: random() * 600 }, { name }));
    } else {
      const text = statementText(client.doc, own);
      // Only at the end: what anyone saw of a text is then a prefix of what was stored.
      text?.insert(text.length, 'abcdefghij'.charAt(Math.floor(random() * 10)));
    }
    await new Promise((resolve) => setTimeout(resolve, 2 + random() * 8));
  }
}

/** What each client has received from the others (its own edits may never have left it). */
function seenFromOthers(clients: Client[]): Seen[] {
  const seen: Seen[] = [];
  clients.forEach((client, index) => {
    for (const statement of readMap(client.doc).statements) {
      if (statement.createdBy !== PEOPLE[index]) seen.push({ id: statement.id, text: statement.text, by: statement.createdBy });
    }
  });
  return seen;
}

describe('a kill -9 in the middle of an edit storm', () => {
  let dataDir: string;
  let running: ServerProcess | null = null;

  beforeAll(async () => {
    buildServer();
    dataDir = await makeTempDir('causal-map-storm-');
  }, 120_000);

  afterAll(async () => {
    disconnectAll();
    if (running) await killHard(running);
    await removeDir(dataDir);
  });

  it('loses nothing any client received, in every round', async () => {
    // Compact often, so some kills land on or around a compaction.
    const env = { COMPACT_EVERY: '40' };
    const earlier: { id: string; viewToken: string; statements: number }[] = [];
    for (const seed of SEEDS) {
      const random = mulberry32(seed);
      running = await startServerProcess(dataDir, env);
      const server = running;
      // The maps of earlier rounds came through the crashes whole.
      for (const map of earlier) {
        const document = (await (await fetchMap(server.url, map.id, map.viewToken)).json()) as ExportDocument;
        expect(document.statements.length, `seed ${seed}: an earlier map`).toBeGreaterThanOrEqual(map.statements);
      }
      const map = await createMap(server.url, { title: `Storm ${seed}` });
      const clients = PEOPLE.map(() => connect(server.wsUrl, map.id, map.editToken));
      await Promise.all(clients.map((client) => whenSynced(client)));

      let stormy = true;
      const storms = clients.map((client, index) => storm(client, PEOPLE[index] ?? 'someone', mulberry32(seed * 10 + index), () => stormy));
      const killAfterMs = 300 + Math.floor(random() * 1200);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      await killHard(server);
      // All the clients hold from others came through the server before it died.
      const seen = seenFromOthers(clients);
      stormy = false;
      await Promise.all(storms);
      disconnectAll();
      expect(seen.length, `seed ${seed}: clients saw each other's statements`).toBeGreaterThan(0);

      running = await startServerProcess(dataDir, env);
      const response = await fetchMap(running.url, map.id, map.viewToken);
      expect(response.status).toBe(200);
      const stored = new Map(((await response.json()) as ExportDocument).statements.map((each) => [each.id, each.text]));
      for (const statement of seen) {
        const text = stored.get(statement.id);
        expect(text, `seed ${seed}: ${statement.by}'s statement ${statement.id}`).toBeDefined();
        expect(text?.startsWith(statement.text), `seed ${seed}: "${text}" keeps "${statement.text}"`).toBe(true);
      }
      earlier.push({ id: map.id, viewToken: map.viewToken, statements: new Set(seen.map((each) => each.id)).size });

      // Killed again, idle this time: the next round starts from a crashed server's data.
      await killHard(running);
      running = null;
    }

    // After all that, a start recovers every map and a SIGTERM still stops cleanly.
    running = await startServerProcess(dataDir, env);
    for (const map of earlier) {
      const document = (await (await fetchMap(running.url, map.id, map.viewToken)).json()) as ExportDocument;
      expect(document.statements.length).toBeGreaterThanOrEqual(map.statements);
    }
    const stopped = running;
    stopped.child.kill('SIGTERM');
    await stopped.exited;
    expect(stopped.child.exitCode).toBe(0);
    running = null;
  }, 60_000);
});
