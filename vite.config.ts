import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/precompress.ts';
import { PURE_CALLS, xyflowTreeshake } from './scripts/xyflow-treeshake.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// One config for the client build (root: client/) and for vitest (unit + server projects).
// `@causal-map/shared/*` resolves to the TypeScript sources, so neither the client build nor
// the tests need shared/ to be compiled first; the server at run time uses shared/dist.
const alias = { '@causal-map/shared': here('./shared/src') };

export default defineConfig({
  root: here('./client'),
  resolve: { alias },
  plugins: [react(), xyflowTreeshake(), precompress(here('./client/dist'))],
  build: {
    rolldownOptions: { treeshake: { manualPureFunctions: PURE_CALLS } },
    outDir: here('./client/dist'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    root: here('.'),
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'shared/src/**/*.test.ts', 'client/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Server tests start real servers and child processes; keep the 2-core machine calm.
          fileParallelism: false,
        },
      },
    ],
  },
});
