import { parentPort } from 'node:worker_threads';
import { type WorkerReply, type WorkerRequest, runLoopJob } from './loop-job.js';

// The worker thread of loop-pool.ts: runs one loop job at a time, off the main thread.

const port = parentPort;
if (!port) throw new Error('loop-worker.js runs as a worker thread of the server');

function reply(message: WorkerReply): void {
  port?.postMessage(message);
}

port.on('message', ({ id, job }: WorkerRequest) => {
  try {
    reply({ kind: 'done', id, result: runLoopJob(job) });
  } catch (error) {
    reply({ kind: 'error', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
reply({ kind: 'ready' });
