import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// Starts the loop worker thread. The built server (server/dist) runs loop-worker.js as is. Tests
// run the server's TypeScript sources (vitest), and Node 20 cannot run a .ts worker by itself:
// there the worker boots tsx first and maps `@causal-map/shared/*` to shared/src, so it runs
// the same sources as the tests, with no build step and no stale shared/dist.

const here = import.meta.url;

/** Maps `@causal-map/shared/x` to shared/src/x.ts (the alias vite.config.ts gives vitest). */
const SOURCE_HOOKS = `
const PREFIX = '@causal-map/shared/';
const SOURCES = SHARED_SOURCES;
export async function resolve(specifier, context, next) {
  if (specifier.startsWith(PREFIX)) return next(new URL(specifier.slice(PREFIX.length) + '.ts', SOURCES).href, context);
  return next(specifier, context);
}`;

// CommonJS, as `eval` workers are; a failure here rejects unhandled: the worker's 'error' event.
const SOURCE_BOOT = `
const { register } = require('node:module');
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((tsx) => {
  tsx.register();
  register(workerData.hooks);
  return import(workerData.entry);
});
`;

/** True when this module runs from TypeScript sources (under vitest) rather than server/dist. */
export function runningFromSources(): boolean {
  return here.endsWith('.ts');
}

// A runaway analysis runs out of memory in its worker, which is replaced, not in the server.
const resourceLimits = { maxOldGenerationSizeMb: 512 };

export function startLoopWorker(): Worker {
  return startWorkerThread('loop-worker', undefined, resourceLimits);
}

/**
 * Starts one of the server's worker threads by its module name, handing it `payload` (its
 * `workerData.payload`), from server/dist or, under the tests, from the TypeScript sources.
 */
export function startWorkerThread(name: string, payload: unknown, limits = resourceLimits): Worker {
  if (!runningFromSources()) return new Worker(new URL(`./${name}.js`, here), { resourceLimits: limits, workerData: { payload } });
  const hooks = SOURCE_HOOKS.replace('SHARED_SOURCES', JSON.stringify(new URL('../../shared/src/', here).href));
  return new Worker(SOURCE_BOOT, {
    eval: true,
    resourceLimits: limits,
    workerData: {
      // tsx is a dev dependency: only tests run the sources. Its ESM build: the CommonJS one
      // cannot register the hooks from a worker.
      tsxApi: pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href,
      hooks: `data:text/javascript,${encodeURIComponent(hooks)}`,
      entry: new URL(`./${name}.ts`, here).href,
      payload,
    },
  });
}
