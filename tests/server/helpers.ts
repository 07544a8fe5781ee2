import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type RunningServer, type StartOptions, startServer } from '../../server/src/app.js';
import { openSocketWith } from './socket-helpers.js';

// Shared by the server tests: a real server on 127.0.0.1, real SQLite in a temp dir, and the
// stock y-websocket client.

export interface CreatedMap {
  id: string;
  editToken: string;
  viewToken: string;
}

export async function makeTempDir(prefix = 'causal-map-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function removeDir(dir: string): Promise<void> {
  // Retries: SQLite's WAL files can still be going away as the directory is removed (ENOTEMPTY).
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/** Polls `condition` every 15 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** Like waitFor, for checks that must ask the server (e.g. over HTTP). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

export type TestServerOptions = Partial<StartOptions>;

/** A server on a free port; `restart` stops it and starts a new one on the same data dir. */
export class TestServer {
  private constructor(
    public running: RunningServer,
    readonly dataDir: string,
    private readonly options: TestServerOptions,
  ) {}

  static async start(options: TestServerOptions = {}): Promise<TestServer> {
    const dataDir = options.dataDir ?? (await makeTempDir());
    const running = await startServer(TestServer.config(dataDir, options));
    return new TestServer(running, dataDir, options);
  }

  private static config(dataDir: string, options: TestServerOptions): StartOptions {
    return { port: 0, host: '127.0.0.1', logLevel: 'silent', roomGraceMs: 0, createsPerMinute: 0, ...options, dataDir };
  }

  get url(): string {
    return this.running.url;
  }

  /** What y-websocket's WebsocketProvider takes as `serverUrl`. */
  get wsUrl(): string {
    return `${this.running.url.replace(/^http/, 'ws')}/ws`;
  }

  /** Stops the server (closing websockets with `closeCode`) and starts it again on the same data. */
  async restart(closeCode?: number): Promise<void> {
    await this.running.close(closeCode);
    this.running = await startServer(TestServer.config(this.dataDir, this.options));
  }

  /** Stops the server; removes the data dir unless asked to keep it. */
  async stop({ keepData = false } = {}): Promise<void> {
    await this.running.close();
    if (!keepData) await removeDir(this.dataDir);
  }
}

export async function createMap(baseUrl: string, body: unknown = { title: 'Test map' }): Promise<CreatedMap> {
  const response = await fetch(`${baseUrl}/api/docs`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedMap;
}

/** GET /api/docs/:id with the token as a bearer header. */
export async function fetchMap(baseUrl: string, id: string, token: string | null): Promise<Response> {
  const headers: Record<string, string> = token === null ? {} : { Authorization: `Bearer ${token}` };
  return fetch(`${baseUrl}/api/docs/${id}`, { headers });
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** How often the websocket closed under this client. */
  closes: number;
}

const clients = new Set<Client>();

/** A stock y-websocket client on one map. BroadcastChannel is off: in Node it would let two
 * providers in this process sync without the server and hide what the server does. */
export function connect(wsUrl: string, mapId: string, token: string): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, mapId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { token },
    disableBc: true,
  });
  const client: Client = { doc, provider, closes: 0 };
  provider.on('connection-close', () => {
    client.closes += 1;
  });
  clients.add(client);
  return client;
}

export async function whenSynced(client: Client, timeoutMs = 5000): Promise<void> {
  await waitFor(() => client.provider.synced, timeoutMs, 'the client to sync');
}

export function disconnect(client: Client): void {
  client.provider.destroy();
  client.doc.destroy();
  clients.delete(client);
}

/** Destroys every client `connect` made (for afterEach). */
export function disconnectAll(): void {
  for (const client of Array.from(clients)) disconnect(client);
}

export type UpgradeOutcome = { kind: 'open'; socket: WebSocket } | { kind: 'refused'; status: number };

/** Opens a raw websocket: either it opens, or the upgrade is refused with an HTTP status. */
export function openRawSocket(url: string): Promise<UpgradeOutcome> {
  return openSocketWith(url);
}

/** Resolves with the close code the server sends. */
export function closeCodeOf(socket: WebSocket, timeoutMs = 5000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not close the socket')), timeoutMs);
    socket.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
