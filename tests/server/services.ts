import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

// Real PostgreSQL and Redis servers for the tests, each on a free port with its files in a
// temp dir: the adapters are tested against what production runs, not a fake.

export interface PostgresServer {
  readonly port: number;
  /** A URL for `database` (default `postgres`), as the superuser, no password. */
  url(database?: string): string;
  /** Creates the database; one that exists already is left as it is. */
  createDatabase(name: string): Promise<void>;
  /** Fast shutdown (clients are cut off); the data stays for `start`. */
  stop(): Promise<void>;
  /** Starts again on the same port and data. */
  start(): Promise<void>;
  /** SIGKILL, as a crash would. */
  kill(): void;
  /** Stops and removes the data. */
  destroy(): Promise<void>;
}

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  kill(): void;
  destroy(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

// Killed and removed when this process exits, however the tests ended.
const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // best effort: the tmp cleaner gets what is left
    }
  }
});

// Not helpers.ts's: that module loads the whole server, and these helpers need none of it.
async function makeTempDir(prefix: string): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

async function removeDir(dir: string): Promise<void> {
  await fsp.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  tempDirs.delete(dir);
}

// PostgreSQL refuses to run as root (as in this CI's container): then it runs as `postgres`.
// Node switches the user itself; `runuser` would stand between us and the server, and turn
// our fast-shutdown SIGINT into its own SIGTERM then SIGKILL.
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

function postgresBinDir(): string {
  const has = (dir: string): boolean => fs.existsSync(path.join(dir, 'postgres'));
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // pg_config also comes with libpq-dev alone, naming a bin dir with no server in it.
    if (has(dir)) return dir;
  } catch {
    // no pg_config: look where Debian puts the servers
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((name) => has(path.join(root, name, 'bin'))) : [];
  const highest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return highest === undefined ? '' : path.join(root, highest, 'bin');
}

/** A port nobody listens on now, on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Launched {
  child: ChildProcess;
  exited: Promise<void>;
}

/** Starts a server with its output appended to `logFile`; it dies with this process. */
function launch(command: string, args: string[], logFile: string, cwd: string, user?: { uid: number; gid: number }): Launched {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, stdio: ['ignore', log, log], ...user });
  fs.closeSync(log);
  running.add(child);
  // A watchdog for when this process is killed outright and no 'exit' handler runs: its stdin
  // is a pipe from us, so it reads EOF as we die, and kills the server.
  const watchdog = spawn('sh', ['-c', 'read -r _; kill -KILL "$0" 2>/dev/null', String(child.pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.unref();
  (watchdog.stdin as unknown as net.Socket | null)?.unref();
  const exited = new Promise<void>((resolve) => {
    const gone = (): void => {
      running.delete(child);
      watchdog.kill('SIGKILL');
      resolve();
    };
    child.once('exit', gone);
    // Could not start at all (say, no such binary): the log will be empty, the error is here.
    child.once('error', (error) => {
      fs.appendFileSync(logFile, `${error.message}\n`);
      gone();
    });
  });
  return { child, exited };
}

/** Polls `ready` until it resolves true; fails with the server's log if it exits or takes too long. */
async function waitUntilReady(what: string, launched: Launched, logFile: string, ready: () => Promise<boolean>): Promise<void> {
  let gone = false;
  void launched.exited.then(() => (gone = true));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (gone || Date.now() > deadline) {
      const log = await fsp.readFile(logFile, 'utf8').catch(() => '');
      launched.child.kill('SIGKILL');
      throw new Error(`${what} ${gone ? 'exited' : `was not ready after ${READY_TIMEOUT_MS} ms`}; its log:\n${log.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stopWith(launched: Launched | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!launched || launched.child.exitCode !== null || launched.child.signalCode !== null) return;
  launched.child.kill(signal);
  await launched.exited;
}

/** Stop (with the server's own clean-shutdown signal), start again, kill, and destroy (stop and remove its dir). */
function lifecycle(dir: string, current: () => Launched | undefined, start: () => Promise<void>, stopSignal: NodeJS.Signals) {
  const stop = (): Promise<void> => stopWith(current(), stopSignal);
  return {
    stop,
    start,
    kill() {
      current()?.child.kill('SIGKILL');
    },
    async destroy() {
      await stop();
      await removeDir(dir);
    },
  };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = (name: string): string => path.join(postgresBinDir(), name);
  const user = postgresUser();
  const dir = await makeTempDir('causal-map-pg-');
  if (user) await fsp.chown(dir, user.uid, user.gid);
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  await run(bin('initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'], { cwd: dir, ...user });
  const port = await freePort();
  const url = (database = 'postgres'): string => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let launched: Launched | undefined;

  async function start(): Promise<void> {
    const args = ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
    // fsync=off only for speed: a test's database need not survive a power cut of this machine.
    args.push('-c', 'fsync=off', '-c', 'synchronous_commit=on');
    const current = launch(bin('postgres'), args, logFile, dir, user);
    launched = current;
    await waitUntilReady('PostgreSQL', current, logFile, async () => {
      const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 1_000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    });
  }
  await start();

  return {
    ...lifecycle(dir, () => launched, start, 'SIGINT'),
    port,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } catch (error) {
        if ((error as { code?: string }).code !== '42P04') throw error;
      } finally {
        await client.end();
      }
    },
  };
}

/** Answers whether a Redis server on `port` says PONG to PING. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.write('PING\r\n');
  });
}

export async function startRedis(): Promise<RedisServer> {
  const dir = await makeTempDir('causal-map-redis-');
  const logFile = path.join(dir, 'redis.log');
  const port = await freePort();
  let launched: Launched | undefined;

  async function start(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    const current = launch('redis-server', args, logFile, dir);
    launched = current;
    await waitUntilReady('Redis', current, logFile, () => pong(port));
  }
  await start();

  return { ...lifecycle(dir, () => launched, start, 'SIGTERM'), port, url: `redis://127.0.0.1:${port}` };
}
