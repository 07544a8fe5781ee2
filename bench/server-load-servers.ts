// The two servers under test, each in its own child process so its CPU is not the load
// generator's: ours (`server/dist/main.js`, SQLite persistence on) and the stock
// `@y/websocket-server` 0.1.1 (its bin, in memory: YPERSISTENCE is left unset).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../tests/server/services.ts';

export type ServerKind = 'ours' | 'stock';

/** One room as a client names it: the provider's room name and its URL parameters. */
export interface RoomTarget {
  name: string;
  params: Record<string, string>;
}

export interface ServerChild {
  kind: ServerKind;
  pid: number;
  /** What WebsocketProvider takes as `serverUrl`. */
  wsUrl: string;
  /** Resident memory of the server process, in bytes (VmRSS). */
  rssBytes(): number;
  /** CPU time the server process has used so far (all its threads), in seconds. */
  cpuSeconds(): number;
  createRooms(count: number): Promise<RoomTarget[]>;
  /** The last lines the server logged. */
  recentOutput(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** `taskset -c` CPU list the server is pinned to, or null to let the OS schedule it. */
  pinCpu: string | null;
  /** Write a V8 CPU profile (`node --cpu-prof`) into this directory. */
  profileDir?: string;
  /** Ours only: the entry point to run instead of `server/dist/main.js` (a candidate build). */
  main?: string;
  /** Ours only: more environment (DATABASE_URL, REDIS_URL, NODE_ID for several nodes). */
  env?: Record<string, string>;
}

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 8_000;
const CREATE_CONCURRENCY = 8;
const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

// Children are killed when this process ends for any reason, so no server outlives the run.
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => process.exit(130));
}

function readRss(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

function readCpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

interface Launched {
  child: ChildProcess;
  /** The last lines the server wrote (stdout and stderr), to explain a failure. */
  tail: string[];
  /** Called with every stdout line from now on. */
  onLine(listener: (line: string) => void): void;
}

const TAIL_LINES = 20;

function launch(args: string[], env: NodeJS.ProcessEnv, pinCpu: string | null): Launched {
  // taskset execs node, so the child's pid is the server's own.
  const [command, ...rest] = pinCpu === null ? ['node', ...args] : ['taskset', '-c', pinCpu, 'node', ...args];
  const child = spawn(command ?? 'node', rest, {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const tail: string[] = [];
  const listeners: Array<(line: string) => void> = [];
  const keep = (line: string) => {
    tail.push(line.slice(0, 500));
    if (tail.length > TAIL_LINES) tail.shift();
  };
  // Always read stdout: a full pipe would block the server's logging.
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      for (const listener of listeners) listener(line);
    });
  }
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep);
  return { child, tail, onLine: (listener) => listeners.push(listener) };
}

/** Resolves with what `pick` finds in the first stdout line it accepts; rejects on exit or timeout. */
function waitForLine<T>(launched: Launched, pick: (line: string) => T | undefined, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    let found = false;
    const timer = setTimeout(() => reject(new Error(`${what}: no start line after ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    launched.child.once('exit', (code) => {
      clearTimeout(timer);
      if (!found) reject(new Error(`${what} exited with ${code} before it listened: ${launched.tail.join('\n')}`));
    });
    launched.onLine((line) => {
      if (found) return;
      const value = pick(line);
      if (value === undefined) return;
      found = true;
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function inBatches<T>(count: number, concurrency: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      results[index] = await make(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Our server from `server/dist` (build it first), on a free port, data in `dataDir`. */
export async function startOurs(dataDir: string, options: StartOptions): Promise<ServerChild> {
  const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const launched = launch(
    [...nodeArgs, options.main ?? 'server/dist/main.js'],
    // Production defaults, except the limits per client address: every bench client is 127.0.0.1.
    {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      CREATES_PER_MINUTE: '0',
      CONNECTIONS_PER_IP: '0',
      ...options.env,
    },
    options.pinCpu,
  );
  const { child } = launched;
  const port = await waitForLine(
    launched,
    (line) => {
      if (!line.startsWith('{')) return undefined;
      const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
      return entry.msg === 'listening' && typeof entry.port === 'number' ? entry.port : undefined;
    },
    'our server',
  );
  const pid = child.pid ?? 0;
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    kind: 'ours',
    pid,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    rssBytes: () => readRss(pid),
    cpuSeconds: () => readCpuSeconds(pid),
    createRooms: (count) =>
      inBatches(count, CREATE_CONCURRENCY, async (index) => {
        const response = await fetch(`${httpUrl}/api/docs`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ title: `Bench map ${index + 1}` }),
        });
        if (response.status !== 201) throw new Error(`creating a map failed: ${response.status} ${await response.text()}`);
        const created = (await response.json()) as { id: string; editToken: string };
        return { name: created.id, params: { token: created.editToken } };
      }),
    recentOutput: () => launched.tail.join('\n'),
    stop: () => stopChild(child),
  };
}

/** The stock server's own bin, in memory only (leveldown's native build was not allowed). */
export async function startStock(options: StartOptions): Promise<ServerChild> {
  // Its bin prints the port it was given, not the one it got, so we pick a free one for it.
  const port = await freePort();
  // An undefined entry is dropped from the child's environment: no leveldb persistence.
  const env: NodeJS.ProcessEnv = { HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: undefined };
  // Its bin dies on SIGTERM without exiting, so it would never write the profile.
  const exitOnTerm = `--import=data:text/javascript,process.on('SIGTERM',()=>process.exit(0))`;
  const nodeArgs = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`, exitOnTerm] : [];
  const launched = launch([...nodeArgs, 'node_modules/@y/websocket-server/src/server.js'], env, options.pinCpu);
  const { child } = launched;
  await waitForLine(launched, (line) => (line.startsWith('running at') ? true : undefined), 'the stock server');
  const pid = child.pid ?? 0;
  return {
    kind: 'stock',
    pid,
    wsUrl: `ws://127.0.0.1:${port}`,
    rssBytes: () => readRss(pid),
    cpuSeconds: () => readCpuSeconds(pid),
    // Any name is a room; it exists once someone connects.
    createRooms: async (count) => Array.from({ length: count }, (_, index) => ({ name: `bench-${index + 1}`, params: {} })),
    recentOutput: () => launched.tail.join('\n'),
    stop: () => stopChild(child),
  };
}
