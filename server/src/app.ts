import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Logger, pino } from 'pino';
import { DEFAULT_CONFIG, type ServerConfig, validateConfig } from './config.js';
import { createHttpHandler } from './http.js';
import { LoopPool } from './loop-pool.js';
import { Rooms } from './rooms.js';
import { openSqliteStorage } from './sqlite-storage.js';
import { createWebsocketEndpoint } from './websocket.js';

export interface RunningServer {
  /** Where to reach it from this machine, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  /** How many maps are loaded in memory now (for tests and health checks). */
  readonly openMaps: number;
  /**
   * Closes connections (with `closeCode`, default 1001), compacts open maps, stops the loop
   * worker, closes storage.
   */
  close(closeCode?: number): Promise<void>;
}

export type StartOptions = Partial<ServerConfig> & { dataDir: string; logger?: Logger };

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
  const storage = openSqliteStorage(path.resolve(config.dataDir));
  // One worker thread analyses loops for every map, so a dense map never holds up the others.
  const loopPool = new LoopPool({ budgetMs: config.loopBudgetMs, log });
  const rooms = new Rooms(storage, {
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
  const websockets = createWebsocketEndpoint({ storage, rooms, log, ...config });
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
      revoke: (mapId) => websockets.revoke(mapId),
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
    await loopPool.close();
    storage.close();
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
    close(closeCode = 1001) {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await websockets.close(closeCode, closeCode === 1012 ? 'server restarting' : 'server closing');
        server.closeAllConnections();
        await stopped;
        // The rooms are closed: no pass is left to write.
        await loopPool.close();
        storage.close();
        log.info('closed');
      })();
      return closing;
    },
  };
}
