import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Logger, pino } from 'pino';
import { DEFAULT_CONFIG, type ServerConfig, validateConfig } from './config.js';
import { createHttpHandler } from './http.js';
import { LoopPool } from './loop-pool.js';
import { type Cluster, type Keepers, singleNode } from './cluster.js';
import { type Health } from './http.js';
import { Rooms } from './rooms.js';
import { openSqliteStorage } from './sqlite-storage.js';
import type { Storage } from './storage.js';
import { createWebsocketEndpoint } from './websocket.js';

export interface RunningServer {
  /** Where to reach it from this machine, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  /** How many maps are loaded in memory now (for tests and health checks). */
  readonly openMaps: number;
  /** How many of them this node keeps (labels and flags). */
  readonly keeping: number;
  /**
   * Closes connections (with `closeCode`, default 1001), compacts open maps, stops the loop
   * worker, closes storage.
   */
  close(closeCode?: number): Promise<void>;
}

export type StartOptions = Partial<ServerConfig> & { dataDir: string; logger?: Logger };

// How often a node asks the database whether it is there, to refuse changes while it is not.
const DATABASE_CHECK_MS = 1000;

// PostgreSQL and Redis are loaded only by a server told to use them.
async function openStorage(config: ServerConfig, log: Logger): Promise<Storage> {
  if (config.databaseUrl === null) return openSqliteStorage(path.resolve(config.dataDir));
  const { openPgStorage } = await import('./pg-storage.js');
  return openPgStorage(config.databaseUrl, { log });
}

async function connectCluster(config: ServerConfig, log: Logger): Promise<{ cluster: Cluster; keepers: Keepers }> {
  if (config.redisUrl === null || config.databaseUrl === null) return singleNode();
  const [{ connectRedisCluster }, { pgKeepers }] = await Promise.all([import('./redis-cluster.js'), import('./pg-keepers.js')]);
  const cluster = await connectRedisCluster(config.redisUrl, config.nodeId, log);
  return { cluster, keepers: pgKeepers(config.databaseUrl, log) };
}

function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The answer to a request Node could not even parse, or that took too long to arrive. */
function clientErrorStatus(code: string | undefined): string {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  return '400 Bad Request';
}

/**
 * Starts the whole server: static client, HTTP API and websocket relay on one port.
 * @example const server = await startServer({ dataDir: tmp, port: 0, host: '127.0.0.1' })
 */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { logger, ...overrides } = options;
  const config: ServerConfig = validateConfig({ ...DEFAULT_CONFIG, ...overrides });
  const log = logger ?? pino({ level: config.logLevel });
  const storage = await openStorage(config, log);
  let nodes: { cluster: Cluster; keepers: Keepers };
  try {
    nodes = await connectCluster(config, log);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const { cluster, keepers } = nodes;
  let databaseDown = false;
  const checkDatabase = async (): Promise<boolean> => {
    try {
      await storage.ping();
      if (databaseDown) log.info('the database is back');
      databaseDown = false;
    } catch (error) {
      if (!databaseDown) log.error({ err: error }, 'lost the database: refusing changes until it is back');
      databaseDown = true;
    }
    return !databaseDown;
  };
  // SQLite is a file in this process: only a database across the network can go away.
  const databaseChecks = config.databaseUrl === null ? undefined : setInterval(() => void checkDatabase(), DATABASE_CHECK_MS);
  databaseChecks?.unref();
  const writeRefusal = (): string | null => (databaseDown ? 'the database is out of reach' : cluster.unavailable());
  // One worker thread analyses loops for every map, so a dense map never holds up the others.
  const loopPool = new LoopPool({ budgetMs: config.loopBudgetMs, log });
  const rooms = new Rooms(storage, {
    cluster,
    keepers,
    writeRefusal,
    checkEveryMs: config.clusterCheckMs,
    compactEvery: config.compactEvery,
    compactIdleMs: config.compactIdleMs,
    graceMs: config.roomGraceMs,
    log,
    loopPool,
    maxLoops: config.maxLoops,
    maxMapBytes: config.maxMapBytes,
    maxText: config.maxText,
    awarenessPerSecond: config.awarenessPerSecond,
  });
  const websockets = createWebsocketEndpoint({ storage, rooms, log, writeRefusal, ...config });
  rooms.onRevoked((mapId) => void websockets.revoke(mapId));
  const health = async (): Promise<Health> => {
    const database = (await checkDatabase()) ? 'ok' : 'down';
    const redis = cluster.status();
    return { ok: database === 'ok' && redis !== 'down', database, redis, openMaps: rooms.size, keeping: rooms.keeping };
  };
  const server = http.createServer(
    {
      // A client gets this long to send its headers; auth happens on them (the websocket
      // upgrade included), so nothing waits longer unauthenticated. Checked every second.
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs),
    },
    createHttpHandler({
      storage,
      rooms,
      log,
      clientDir: config.clientDir,
      maxBodyBytes: config.maxBodyBytes,
      limits: { maxText: config.maxText, maxMapBytes: config.maxMapBytes },
      createsPerMinute: config.createsPerMinute,
      trustedProxy: config.trustedProxy,
      maxLoops: config.maxLoops,
      revoke: (mapId) => {
        void websockets.revoke(mapId);
        cluster.revoked(mapId);
      },
      health,
      writeRefusal,
    }),
  );
  server.on('upgrade', (request, socket, head: Buffer) => websockets.handleUpgrade(request, socket, head));
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    log.debug({ err: error }, 'bad http request');
    if (socket.writable) socket.end(`HTTP/1.1 ${clientErrorStatus(error.code)}\r\nConnection: close\r\n\r\n`);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(databaseChecks);
    await loopPool.close();
    await Promise.all([keepers.close(), cluster.close()]);
    await storage.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${reachableHost(config.host)}:${port}`,
    port,
    get openMaps() {
      return rooms.size;
    },
    get keeping() {
      return rooms.keeping;
    },
    close(closeCode = 1001) {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await websockets.close(closeCode, closeCode === 1012 ? 'server restarting' : 'server closing');
        server.closeAllConnections();
        await stopped;
        // The rooms are closed: no pass is left to write.
        clearInterval(databaseChecks);
        await loopPool.close();
        await Promise.all([keepers.close(), cluster.close()]);
        await storage.close();
        log.info('closed');
      })();
      return closing;
    },
  };
}
