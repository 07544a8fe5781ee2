import type { ElkEngine } from '@causal-map/shared/layout/types';

export type { ElkEngine };

/** A layout that did not finish within its time limit; the worker doing it was stopped. */
export class LayoutTimeout extends Error {
  constructor(readonly limitMs: number) {
    super(`The layout took longer than ${Math.round(limitMs / 1000)} s`);
  }
}

interface RunningElk extends ElkEngine {
  terminateWorker(): void;
}

let engine: Promise<RunningElk> | null = null;

/**
 * ELK's API on this thread and its engine in a Web Worker, both loaded on first use: elkjs is
 * about 450 KB gzipped, far too much for a page that may never tidy up. The worker is ELK's own
 * script (`elk-worker.min.js`), which answers the API's messages by itself.
 */
function loadEngine(): Promise<RunningElk> {
  engine ??= Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]).then(
    ([api, worker]) => {
      const workerUrl = worker.default;
      const elk = new api.default({ workerFactory: () => new Worker(workerUrl, { name: 'layout' }) });
      // elkjs types its graphs loosely; the layouts send and read only the JSON ElkGraph describes.
      return elk as unknown as RunningElk;
    },
  );
  return engine;
}

/**
 * Runs `work` with the ELK engine, giving up after `limitMs`: the worker is stopped (so a huge
 * map cannot keep a core busy) and made again on the next call.
 */
export async function withElk<T>(work: (elk: ElkEngine) => Promise<T>, limitMs: number): Promise<T> {
  const elk = await loadEngine();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      elk.terminateWorker();
      if (engine) engine = null;
      reject(new LayoutTimeout(limitMs));
    }, limitMs);
  });
  try {
    return await Promise.race([work(elk), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
