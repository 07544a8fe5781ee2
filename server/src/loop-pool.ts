import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { LoopJob, LoopJobResult, WorkerReply } from './loop-job.js';
import { startLoopWorker } from './loop-worker-start.js';

export type LoopJobOutcome =
  | { kind: 'done'; result: LoopJobResult }
  | { kind: 'failed'; reason: 'timeout' | 'error' | 'closed'; message: string };

/** Whatever runs loop jobs: the pool, or a stand-in in tests. */
export interface LoopRunner {
  /** Runs a job; never rejects. */
  run(job: LoopJob): Promise<LoopJobOutcome>;
}

export interface LoopPoolOptions {
  /** A job that takes longer is stopped (its worker is replaced) and reported as failed. */
  budgetMs: number;
  log: Logger;
}

interface QueuedJob {
  id: number;
  job: LoopJob;
  settle: (outcome: LoopJobOutcome) => void;
}

type WorkerState =
  | { kind: 'stopped' }
  | { kind: 'starting'; worker: Worker; timer: NodeJS.Timeout }
  | { kind: 'ready'; worker: Worker }
  | { kind: 'busy'; worker: Worker; current: QueuedJob; timer: NodeJS.Timeout }
  | { kind: 'closed' };

// Booting tsx under vitest on a busy machine can take a while; a real start takes milliseconds.
const START_LIMIT_MS = 20_000;

/**
 * Runs loop jobs for every room on one worker thread, one job at a time, in the order asked.
 * One worker is enough on a small server and keeps one dense map from taking every core.
 */
export class LoopPool implements LoopRunner {
  private state: WorkerState = { kind: 'stopped' };
  private readonly queue: QueuedJob[] = [];
  private nextId = 1;

  constructor(private readonly options: LoopPoolOptions) {}

  /** Runs a job; never rejects. */
  run(job: LoopJob): Promise<LoopJobOutcome> {
    if (this.state.kind === 'closed') {
      return Promise.resolve({ kind: 'failed', reason: 'closed', message: 'the server is closing' });
    }
    return new Promise((settle) => {
      this.queue.push({ id: this.nextId++, job, settle });
      this.pump();
    });
  }

  /** Stops the worker; jobs not yet done fail with `closed`. */
  async close(): Promise<void> {
    const state = this.state;
    this.state = { kind: 'closed' };
    const closed: LoopJobOutcome = { kind: 'failed', reason: 'closed', message: 'the server is closing' };
    if (state.kind === 'busy') state.current.settle(closed);
    for (const queued of this.queue.splice(0)) queued.settle(closed);
    if (state.kind === 'starting' || state.kind === 'busy') clearTimeout(state.timer);
    if (state.kind === 'starting' || state.kind === 'ready' || state.kind === 'busy') await state.worker.terminate();
  }

  private pump(): void {
    if (this.queue.length === 0) return;
    if (this.state.kind === 'stopped') {
      this.start();
      return;
    }
    if (this.state.kind !== 'ready') return;
    const current = this.queue.shift();
    if (!current) return;
    const { worker } = this.state;
    const timer = setTimeout(() => this.timeOut(worker), this.options.budgetMs);
    this.state = { kind: 'busy', worker, current, timer };
    worker.postMessage({ id: current.id, job: current.job });
  }

  private start(): void {
    let worker: Worker;
    try {
      worker = startLoopWorker();
    } catch (error) {
      this.failQueue(`could not start the loop worker: ${String(error)}`);
      return;
    }
    // An idle worker must not keep the process alive.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(worker, reply));
    worker.on('error', (error) => this.options.log.error({ err: error }, 'loop worker failed'));
    worker.on('exit', (code) => this.onExit(worker, code));
    const timer = setTimeout(() => {
      if (this.state.kind !== 'starting' || this.state.worker !== worker) return;
      this.options.log.error({ ms: START_LIMIT_MS }, 'loop worker did not start in time');
      this.state = { kind: 'stopped' };
      void worker.terminate();
      this.failQueue('the loop worker did not start');
    }, START_LIMIT_MS);
    this.state = { kind: 'starting', worker, timer };
  }

  private onReply(worker: Worker, reply: WorkerReply): void {
    const state = this.state;
    if (reply.kind === 'ready') {
      if (state.kind !== 'starting' || state.worker !== worker) return;
      clearTimeout(state.timer);
      this.state = { kind: 'ready', worker };
      this.pump();
      return;
    }
    if (state.kind !== 'busy' || state.worker !== worker || state.current.id !== reply.id) return;
    clearTimeout(state.timer);
    this.state = { kind: 'ready', worker };
    if (reply.kind === 'done') state.current.settle({ kind: 'done', result: reply.result });
    else state.current.settle({ kind: 'failed', reason: 'error', message: reply.message });
    this.pump();
  }

  private timeOut(worker: Worker): void {
    const state = this.state;
    if (state.kind !== 'busy' || state.worker !== worker) return;
    // A worker cannot be interrupted mid-job: replace it.
    this.state = { kind: 'stopped' };
    void worker.terminate();
    state.current.settle({
      kind: 'failed',
      reason: 'timeout',
      message: `the loop analysis took longer than ${this.options.budgetMs} ms`,
    });
    this.pump();
  }

  private onExit(worker: Worker, code: number): void {
    const state = this.state;
    if (state.kind !== 'starting' && state.kind !== 'ready' && state.kind !== 'busy') return;
    if (state.worker !== worker) return;
    this.options.log.error({ code }, 'loop worker stopped');
    this.state = { kind: 'stopped' };
    if (state.kind === 'starting') {
      clearTimeout(state.timer);
      // It could not even start: starting it again for the next job would only fail the same way.
      this.failQueue(`the loop worker exited with code ${code} while starting`);
      return;
    }
    if (state.kind === 'busy') {
      clearTimeout(state.timer);
      state.current.settle({ kind: 'failed', reason: 'error', message: `the loop worker exited with code ${code}` });
    }
    this.pump();
  }

  private failQueue(message: string): void {
    for (const queued of this.queue.splice(0)) queued.settle({ kind: 'failed', reason: 'error', message });
  }
}
