// Figures over a load's receipts: merging slices, percentiles.
import type { LoadResult } from './server-load-clients.ts';

/** One result for several measured slices of the same load on the same server. */
export function mergeLoadResults(slices: LoadResult[]): LoadResult {
  const seconds = slices.reduce((sum, slice) => sum + slice.measureSeconds, 0);
  const sum = (pick: (slice: LoadResult) => number) => slices.reduce((total, slice) => total + pick(slice), 0);
  const weighted = (pick: (slice: LoadResult) => number) => sum((slice) => pick(slice) * slice.measureSeconds) / seconds;
  const latencies = new Float64Array(sum((slice) => slice.latencies.length));
  let offset = 0;
  for (const slice of slices) {
    latencies.set(slice.latencies, offset);
    offset += slice.latencies.length;
  }
  return {
    editors: slices[0]?.editors ?? 0,
    measureSeconds: seconds,
    sent: sum((slice) => slice.sent),
    receiptsInWindow: sum((slice) => slice.receiptsInWindow),
    deliveredOfWindow: sum((slice) => slice.deliveredOfWindow),
    expectedOfWindow: sum((slice) => slice.expectedOfWindow),
    latencies: latencies.sort(),
    serverCpu: weighted((slice) => slice.serverCpu),
    generatorCpu: weighted((slice) => slice.generatorCpu),
    generatorLagP99Ms: Math.max(...slices.map((slice) => slice.generatorLagP99Ms)),
    // Counted since the clients connected, so the last slice has them all.
    closes: slices.at(-1)?.closes ?? 0,
  };
}

/** The p-th percentile (0–100) of sorted values, nearest rank. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}
