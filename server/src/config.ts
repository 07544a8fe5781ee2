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
  /** How long a map stays loaded after its last connection leaves (tests use 0). */
  roomGraceMs: number;
  /** Websocket keepalive: a connection that misses one pong in this time is closed. */
  pingIntervalMs: number;
  maxBodyBytes: number;
  /** New maps one address may create per minute (0 = no limit). */
  createsPerMinute: number;
  /** Loop listing stops after this many loops and reports `truncated` (SPEC §2 bounds). */
  maxLoops: number;
  /** A map's loop analysis that takes longer is stopped and skipped (its worker is replaced). */
  loopBudgetMs: number;
}

// server/src and server/dist both sit two levels below the repository root.
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEFAULT_CONFIG: ServerConfig = {
  port: 8080,
  host: '0.0.0.0',
  dataDir: './data',
  clientDir: path.join(repositoryRoot, 'client/dist'),
  logLevel: 'info',
  compactEvery: 500,
  roomGraceMs: 2000,
  pingIntervalMs: 30_000,
  maxBodyBytes: 10 * 1024 * 1024,
  createsPerMinute: 120,
  maxLoops: 10_000,
  loopBudgetMs: 2000,
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

/**
 * Reads PORT, HOST, DATA_DIR, CLIENT_DIR, LOG_LEVEL, COMPACT_EVERY, ROOM_GRACE_MS,
 * CREATES_PER_MINUTE, MAX_LOOPS and LOOP_BUDGET_MS.
 */
export function readConfig(env: Environment = process.env): ServerConfig {
  return {
    ...DEFAULT_CONFIG,
    port: integer(env, 'PORT', DEFAULT_CONFIG.port, 0),
    host: env.HOST || DEFAULT_CONFIG.host,
    dataDir: env.DATA_DIR || DEFAULT_CONFIG.dataDir,
    clientDir: env.CLIENT_DIR || DEFAULT_CONFIG.clientDir,
    logLevel: logLevel(env.LOG_LEVEL),
    compactEvery: integer(env, 'COMPACT_EVERY', DEFAULT_CONFIG.compactEvery, 1),
    roomGraceMs: integer(env, 'ROOM_GRACE_MS', DEFAULT_CONFIG.roomGraceMs, 0),
    createsPerMinute: integer(env, 'CREATES_PER_MINUTE', DEFAULT_CONFIG.createsPerMinute, 0),
    maxLoops: integer(env, 'MAX_LOOPS', DEFAULT_CONFIG.maxLoops, 1),
    loopBudgetMs: integer(env, 'LOOP_BUDGET_MS', DEFAULT_CONFIG.loopBudgetMs, 1),
  };
}
