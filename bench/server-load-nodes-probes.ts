// For `--nodes`: CPU meters for PostgreSQL, Redis and the whole machine (read from /proc), and
// two direct measurements: one PostgreSQL group commit of a single update, and one Redis hop.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import * as Y from 'yjs';
import { openPgStorage } from '../server/src/pg-storage.ts';
import { percentile } from './server-load-stats.ts';

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, and cutime + cstime (children it has reaped), in seconds. */
  own: number;
  reaped: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which may hold spaces and parentheses: state is field 3.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return { pid, ppid: field(4), own: (field(14) + field(15)) / clockTicks, reaped: (field(16) + field(17)) / clockTicks };
}

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

function allPids(): number[] {
  return fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}

/** The postmaster listening on `port` (`postgres … -p PORT`), by its command line. */
export function postmasterPid(port: number): number {
  const pid = allPids().find((candidate) => {
    const args = cmdline(candidate);
    const at = args.indexOf('-p');
    return (args[0] ?? '').endsWith('/postgres') && at !== -1 && args[at + 1] === String(port);
  });
  if (pid === undefined) throw new Error(`no postgres process with -p ${port}`);
  return pid;
}

/** redis-server names itself `redis-server 127.0.0.1:PORT`. */
export function redisPid(port: number): number {
  const pid = allPids().find((candidate) => (cmdline(candidate)[0] ?? '').startsWith('redis-server') && (cmdline(candidate)[0] ?? '').endsWith(`:${port}`));
  if (pid === undefined) throw new Error(`no redis-server on port ${port}`);
  return pid;
}

/** The process and its children (PostgreSQL's backends), as pids. */
export function withChildren(pid: number): number[] {
  return [pid, ...allPids().filter((candidate) => readStat(candidate)?.ppid === pid)];
}

/** CPU seconds a process, its live children and those it has reaped have used so far. */
export function treeCpuSeconds(pid: number): number {
  const root = readStat(pid);
  if (!root) return 0;
  const children = allPids()
    .map(readStat)
    .filter((stat): stat is ProcStat => stat !== undefined && stat.ppid === pid);
  return root.own + root.reaped + children.reduce((sum, child) => sum + child.own, 0);
}

/** CPU seconds all cores of the machine have been busy so far (everything but idle and iowait). */
export function machineCpuSeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((sum, n) => sum + n, 0);
  return (total - (ticks[3] ?? 0) - (ticks[4] ?? 0)) / clockTicks;
}

/** `taskset -a -cp`: every thread of each process onto `cpus` (children forked later inherit it). */
export function pin(pids: number[], cpus: string): void {
  for (const pid of pids) spawnSync('taskset', ['-a', '-cp', cpus, String(pid)], { stdio: 'ignore' });
}

export interface Timing {
  count: number;
  p50: number;
  p99: number;
  mean: number;
}

function timing(samples: number[]): Timing {
  const sorted = Float64Array.from(samples).sort();
  return {
    count: samples.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: samples.reduce((sum, n) => sum + n, 0) / Math.max(1, samples.length),
  };
}

const WARMUP = 100;

/** One `appendUpdates` batch of one small Yjs update, `count` times in a row, on a fresh map. */
export async function pgCommitTiming(databaseUrl: string, count: number): Promise<Timing> {
  const storage = await openPgStorage(databaseUrl, { poolSize: 2, log: pino({ level: 'silent' }) });
  try {
    const doc = new Y.Doc();
    const id = `probe-${randomBytes(6).toString('hex')}`;
    const hash = randomBytes(32);
    await storage.createMap({ id, title: 'Probe', editTokenHash: hash, viewTokenHash: hash, createdAt: Date.now() }, Y.encodeStateAsUpdate(doc));
    const bench = doc.getMap('bench');
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + count; i += 1) {
      bench.set('probe', { seq: i, sentAt: performance.now() });
      const update = updates.pop() ?? new Uint8Array();
      const started = performance.now();
      const [result] = await storage.appendUpdates([{ mapId: id, update, meta: { receivedAt: Date.now(), by: null } }]);
      if (typeof result !== 'number') throw result ?? new Error('no seq');
      if (i >= WARMUP) samples.push(performance.now() - started);
    }
    doc.destroy();
    return timing(samples);
  } finally {
    await storage.close();
  }
}

/** PUBLISH on one connection until the message arrives on another (SUBSCRIBE), `count` times. */
export async function redisHopTiming(redisUrl: string, count: number): Promise<Timing> {
  const publisher = new Redis(redisUrl, { lazyConnect: true });
  const subscriber = new Redis(redisUrl, { lazyConnect: true });
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    const channel = 'causal-map:bench-probe';
    await subscriber.subscribe(channel);
    let arrived: ((at: number) => void) | null = null;
    subscriber.on('messageBuffer', () => arrived?.(performance.now()));
    // About what a node publishes for one edit: kind, node id, seq and a ~50-byte update.
    const message = randomBytes(80);
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + count; i += 1) {
      const received = new Promise<number>((resolve) => {
        arrived = resolve;
      });
      const started = performance.now();
      // The time is the message's arrival; the publisher's reply may come before or after it.
      const [at] = await Promise.all([received, publisher.publish(channel, message)]);
      if (i >= WARMUP) samples.push(at - started);
    }
    return timing(samples);
  } finally {
    publisher.disconnect();
    subscriber.disconnect();
  }
}
