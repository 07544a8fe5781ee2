import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Everything the server can be told; `main.ts` reads it from the environment. */
export interface ServerConfig {
  port: number;
  host: string;
  /** Where the SQLite file lives, relative to the working directory. */
  dataDir: string;
  /** The built client (`vite build` output); a hint page is served while it is missing. */
  clientDir: string;
  logLevel: LogLevel;
  /** Fold a map's update log into one snapshot after this many updates. */
  compactEvery: number;
  /** ... or once the map has had no update for this long. */
  compactIdleMs: number;
  /** How long a map stays loaded after its last connection leaves (tests use 0). */
  roomGraceMs: number;
  /** Websocket keepalive: a connection that misses one pong in this time is closed. */
  pingIntervalMs: number;
  /** Largest HTTP body (an imported map file). */
  maxBodyBytes: number;
  /** Largest websocket message; a bigger one closes its connection with 1009. */
  maxMessageBytes: number;
  /** Largest stored map (snapshot + update log); an update that would pass it is refused. */
  maxMapBytes: number;
  /** Longest text (a statement's, in UTF-16 code units) or other single value in a map. */
  maxText: number;
  /** Document updates one connection may send per second, on average... */
  updatesPerSecond: number;
  /** ...and in one burst. */
  updateBurst: number;
  /** How often one connection's presence (awareness) is relayed to the others, at most. */
  awarenessPerSecond: number;
  /** Open websockets per client address (0 = no limit). */
  connectionsPerIp: number;
  /**
   * The header a trusted reverse proxy puts the client's address in (e.g. `x-forwarded-for`);
   * null: the socket's address, and no header is believed.
   */
  trustedProxy: string | null;
  /** Origins a browser may open websockets from; null: only the server's own (Host) origin. */
  allowedOrigins: string[] | null;
  /** Time a client has to send its request headers (the websocket upgrade included). */
  headersTimeoutMs: number;
  /** Time a client has to send a whole HTTP request (e.g. an import). */
  requestTimeoutMs: number;
  /** New maps one address may create per minute (0 = no limit). */
  createsPerMinute: number;
  /** Loop listing stops after this many loops and reports `truncated` (SPEC §2 bounds). */
  maxLoops: number;
  /** A map's loop analysis that takes longer is stopped and skipped (its worker is replaced). */
  loopBudgetMs: number;
  /** PostgreSQL (`postgres://…`) instead of SQLite; null: SQLite in dataDir. */
  databaseUrl: string | null;
  /** Redis (`redis://…`): several nodes serve the same maps (needs databaseUrl). */
  redisUrl: string | null;
  /** This node's name among several, in logs and /healthz; defaults to host name and pid. */
  nodeId: string;
  /** Among several nodes: how often open maps are checked against storage for a missed update. */
  clusterCheckMs: number;
}

// server/src and server/dist both sit two levels below the repository root.
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const MiB = 1024 * 1024;

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  clientDir: path.join(repositoryRoot, 'client/dist'),
  logLevel: 'info',
  compactEvery: 500,
  compactIdleMs: 10_000,
  roomGraceMs: 2000,
  pingIntervalMs: 30_000,
  maxBodyBytes: 10 * MiB,
  maxMessageBytes: 8 * MiB,
  maxMapBytes: 64 * MiB,
  maxText: 10_000,
  updatesPerSecond: 200,
  updateBurst: 400,
  awarenessPerSecond: 10,
  connectionsPerIp: 50,
  trustedProxy: null,
  allowedOrigins: null,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  createsPerMinute: 120,
  maxLoops: 10_000,
  loopBudgetMs: 2000,
  databaseUrl: null,
  redisUrl: null,
  nodeId: `${os.hostname()}-${process.pid}`,
  clusterCheckMs: 1000,
};

type Environment = Record<string, string | undefined>;

function integer(env: Environment, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  }
  return value;
}

function logLevel(raw: string | undefined): LogLevel {
  if (raw === undefined || raw === '') return DEFAULT_CONFIG.logLevel;
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

function trustedProxy(raw: string | undefined): string | null {
  if (raw === undefined || raw.trim() === '' || raw === 'false' || raw === '0') return null;
  // "Yes, there is a proxy" without saying which header: the usual one.
  if (raw === 'true' || raw === '1') return 'x-forwarded-for';
  if (!/^[A-Za-z0-9-]+$/.test(raw)) {
    throw new Error(`TRUSTED_PROXY must be a header name such as x-forwarded-for, got "${raw}"`);
  }
  return raw.toLowerCase();
}

function allowedOrigins(raw: string | undefined): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  return raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '').map((entry) => {
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry.replace(/\/$/, '')) {
      throw new Error(`ALLOWED_ORIGINS must list origins such as https://maps.example.org, got "${entry}"`);
    }
    return url.origin;
  });
}

function url(env: Environment, name: string, protocols: readonly string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let parsed: URL | null = null;
  try {
    parsed = new URL(raw);
  } catch {
    // reported below
  }
  if (!parsed || !protocols.includes(parsed.protocol)) {
    throw new Error(`${name} must be a URL starting ${protocols.map((protocol) => `${protocol}//`).join(' or ')}, got "${raw.replace(/\/\/[^@/]*@/, '//…@')}"`);
  }
  return raw;
}

/** Checks what no single variable can: Node refuses a headers timeout above the request timeout. */
export function validateConfig(config: ServerConfig): ServerConfig {
  if (config.redisUrl !== null && config.databaseUrl === null) {
    throw new Error('REDIS_URL needs DATABASE_URL as well: several servers share their maps through PostgreSQL');
  }
  if (config.requestTimeoutMs > 0 && config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new Error(
      `HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}) must not be above REQUEST_TIMEOUT_MS (${config.requestTimeoutMs})`,
    );
  }
  return config;
}

/**
 * Reads the environment: PORT, HOST, DATA_DIR, CLIENT_DIR, LOG_LEVEL, COMPACT_EVERY,
 * COMPACT_IDLE_MS, ROOM_GRACE_MS, PING_INTERVAL_MS, the limits (docs/security.md lists them
 * all), CREATES_PER_MINUTE, MAX_LOOPS, LOOP_BUDGET_MS, and DATABASE_URL, REDIS_URL and
 * NODE_ID (and CLUSTER_CHECK_MS) for several servers. Throws naming the first bad one.
 */
export function readConfig(env: Environment = process.env): ServerConfig {
  const base = DEFAULT_CONFIG;
  return validateConfig({
    ...base,
    port: integer(env, 'PORT', base.port, 0),
    host: env.HOST || base.host,
    dataDir: env.DATA_DIR || base.dataDir,
    clientDir: env.CLIENT_DIR || base.clientDir,
    logLevel: logLevel(env.LOG_LEVEL),
    compactEvery: integer(env, 'COMPACT_EVERY', base.compactEvery, 1),
    compactIdleMs: integer(env, 'COMPACT_IDLE_MS', base.compactIdleMs, 1),
    roomGraceMs: integer(env, 'ROOM_GRACE_MS', base.roomGraceMs, 0),
    pingIntervalMs: integer(env, 'PING_INTERVAL_MS', base.pingIntervalMs, 1000),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', base.maxBodyBytes, 1024),
    maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', base.maxMessageBytes, 1024),
    maxMapBytes: integer(env, 'MAX_MAP_BYTES', base.maxMapBytes, 1024),
    maxText: integer(env, 'MAX_TEXT', base.maxText, 1),
    updatesPerSecond: integer(env, 'UPDATES_PER_SECOND', base.updatesPerSecond, 1),
    updateBurst: integer(env, 'UPDATE_BURST', base.updateBurst, 1),
    awarenessPerSecond: integer(env, 'AWARENESS_PER_SECOND', base.awarenessPerSecond, 1),
    connectionsPerIp: integer(env, 'CONNECTIONS_PER_IP', base.connectionsPerIp, 0),
    trustedProxy: trustedProxy(env.TRUSTED_PROXY),
    allowedOrigins: allowedOrigins(env.ALLOWED_ORIGINS),
    headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', base.headersTimeoutMs, 1),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', base.requestTimeoutMs, 0),
    createsPerMinute: integer(env, 'CREATES_PER_MINUTE', base.createsPerMinute, 0),
    maxLoops: integer(env, 'MAX_LOOPS', base.maxLoops, 1),
    loopBudgetMs: integer(env, 'LOOP_BUDGET_MS', base.loopBudgetMs, 1),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    nodeId: env.NODE_ID?.trim() || base.nodeId,
    clusterCheckMs: integer(env, 'CLUSTER_CHECK_MS', base.clusterCheckMs, 100),
  });
}
