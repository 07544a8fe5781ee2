import { compressFiles } from '../../scripts/precompress.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, createMap, fetchMap, makeTempDir, removeDir } from './helpers.js';

const fixturePath = fileURLToPath(new URL('../fixtures/dementia-case.json', import.meta.url));

interface FixtureStatement {
  id: string;
  number: number;
  text: string;
  valence: string;
  x: number;
  y: number;
  createdAt: number;
  createdBy: string;
  deletedAt: number | null;
}
interface Fixture {
  title: string;
  statements: FixtureStatement[];
  links: { id: string; from: string; to: string; polarity: string; createdAt: number; createdBy: string; deletedAt: number | null }[];
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/api/docs`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
}

const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const statement${i} = 'Mrs A feels isolated ${i}';`).join('\n');

describe('HTTP API', () => {
  let server: TestServer;
  let fixture: Fixture;
  let clientDir: string;

  beforeAll(async () => {
    fixture = JSON.parse(await fs.readFile(fixturePath, 'utf8')) as Fixture;
    clientDir = await makeTempDir('causal-map-client-');
    await fs.mkdir(path.join(clientDir, 'assets'));
    await fs.writeFile(path.join(clientDir, 'index.html'), '<!doctype html><title>Causal map app</title>');
    await fs.writeFile(path.join(clientDir, 'assets', 'app-abc123.js'), 'console.log(1)');
    await fs.writeFile(path.join(clientDir, 'assets', 'map-def456.js'), BIG_SCRIPT);
    compressFiles(clientDir);
    server = await TestServer.start({ clientDir });
  });

  afterAll(async () => {
    await server.stop();
    await removeDir(clientDir);
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: 'ok', redis: 'not used', openMaps: 0 });
  });

  it('says what a token may do on a map through /access, without the map itself', async () => {
    const created = await createMap(server.url, { title: 'Mrs A at home' });
    const ask = (token?: string) =>
      fetch(`${server.url}/api/docs/${created.id}/access`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
    const edit = await ask(created.editToken);
    expect(edit.status).toBe(200);
    expect(await edit.json()).toEqual({ role: 'edit', title: 'Mrs A at home' });
    const view = await fetch(`${server.url}/api/docs/${created.id}/access?token=${created.viewToken}`);
    expect(await view.json()).toEqual({ role: 'view', title: 'Mrs A at home' });
    expect((await ask('not-a-token')).status).toBe(401);
    expect((await ask()).status).toBe(401);
    expect((await fetch(`${server.url}/api/docs/AAAAAAAAAAAAAAAAAAAAAA/access?token=x`)).status).toBe(404);
  });

  it('creates a plain map with its title and two different tokens', async () => {
    const created = await createMap(server.url, { title: 'Mrs A at home' });
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(created.editToken).not.toBe(created.viewToken);
    const response = await fetchMap(server.url, created.id, created.editToken);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      format: 'causal-map',
      version: 1,
      title: 'Mrs A at home',
      statements: [],
      links: [],
      comments: [],
      loops: [],
    });
  });

  it('creates a map from an empty body', async () => {
    const response = await post(server.url, '');
    expect(response.status).toBe(201);
  });

  it('imports an export document and gives back the same statements with the same numbers', async () => {
    const created = await createMap(server.url, fixture);
    const response = await fetchMap(server.url, created.id, created.viewToken);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Fixture;
    expect(document.title).toBe(fixture.title);
    expect(document.statements).toEqual(fixture.statements);
    expect(document.links).toHaveLength(fixture.links.length);
    // Every link comes back as it went in, with the marks nobody has given yet.
    for (const link of fixture.links) expect(document.links).toContainEqual({ ...link, marks: {} });
  });

  it('reads with ?token= as well as a bearer header', async () => {
    const created = await createMap(server.url);
    const response = await fetch(`${server.url}/api/docs/${created.id}?token=${created.viewToken}`);
    expect(response.status).toBe(200);
  });

  it('refuses a missing or wrong token with 401 and an unknown map with 404', async () => {
    const created = await createMap(server.url);
    const missing = await fetchMap(server.url, created.id, null);
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.message).toMatch(/token/);
    expect((await fetchMap(server.url, created.id, 'not-the-token')).status).toBe(401);
    expect((await fetchMap(server.url, created.id, created.editToken.slice(1))).status).toBe(401);
    const unknown = await fetchMap(server.url, 'AAAAAAAAAAAAAAAAAAAAAA', created.editToken);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('answers history only with a token, and a format it knows', async () => {
    const created = await createMap(server.url);
    expect((await fetch(`${server.url}/api/docs/${created.id}/history`)).status).toBe(401);
    const response = await fetch(`${server.url}/api/docs/${created.id}/history?token=${created.viewToken}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ events: [] });
    expect((await fetch(`${server.url}/api/docs/${created.id}/history?format=xml&token=${created.viewToken}`)).status).toBe(400);
  });

  it('rejects invalid JSON with 400 naming the problem', async () => {
    const response = await post(server.url, '{"title": "Mrs A",');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_json');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('refuses a body that is not an object (null, an array, a number) and makes no map', async () => {
    for (const body of ['null', '[]', '42']) {
      const response = await post(server.url, body);
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain('Send {"title": "..."}');
    }
  });

  it('rejects a title that is not text', async () => {
    const response = await post(server.url, JSON.stringify({ title: 42 }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/title/);
  });

  it('rejects an import with a link to a missing statement, naming the field', async () => {
    const broken = structuredClone(fixture);
    const link = broken.links[2];
    if (!link) throw new Error('fixture has too few links');
    link.to = 'no-such-statement';
    const response = await post(server.url, JSON.stringify(broken));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_document');
    expect(body.error.message).toContain('Link 3: "to" names no statement in the file');
  });

  it('rejects a body over 10 MiB with 413', async () => {
    const huge = JSON.stringify({ title: 'x'.repeat(10 * 1024 * 1024 + 10) });
    const response = await post(server.url, huge);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'too_large' } });
  });

  it('serves the client, with index.html for app routes like /m/:id', async () => {
    const page = await fetch(`${server.url}/m/some-map-id`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Causal map app');
    const asset = await fetch(`${server.url}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${server.url}/assets/missing.js`)).status).toBe(404);
    // Scripts go out compressed as the build left them, Brotli where the browser takes it.
    for (const [accepts, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', null]] as const) {
      const script = await fetch(`${server.url}/assets/map-def456.js`, { headers: { 'Accept-Encoding': accepts } });
      expect(script.headers.get('content-encoding')).toBe(encoding);
      expect(await script.text()).toBe(BIG_SCRIPT);
    }
    const api = await fetch(`${server.url}/api/nothing-here`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('HTTP API without a client build', () => {
  it('says how to build the client', async () => {
    const emptyDir = await makeTempDir('causal-map-no-client-');
    const server = await TestServer.start({ clientDir: emptyDir });
    try {
      const page = await fetch(`${server.url}/m/abc`);
      expect(await page.text()).toContain('npm run build');
    } finally {
      await server.stop();
      await removeDir(emptyDir);
    }
  });
});

describe('HTTP API rate limit', () => {
  it('answers 429 when one address creates too many maps', async () => {
    const server = await TestServer.start({ createsPerMinute: 2 });
    try {
      expect((await post(server.url, '{}')).status).toBe(201);
      expect((await post(server.url, '{}')).status).toBe(201);
      const third = await post(server.url, '{}');
      expect(third.status).toBe(429);
      expect(await third.json()).toMatchObject({ error: { code: 'too_many_requests' } });
    } finally {
      await server.stop();
    }
  });
});
