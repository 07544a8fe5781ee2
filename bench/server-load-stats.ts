// Figures over a load's receipts: merging slices, percentiles.
import type { LoadResult } from './server-load-clients.ts';

/** One result for several measured slices of the same load on the same server. */
export function mergeLoadResults(slices: LoadResult[]): LoadResult {
  const seconds = slices.reduce((sum, slice) => sum + slice.measureSeconds, 0);
  const sum = (pick: (slice: LoadResult) => number) => slices.reduce((total, slice) => total + pick(slice), 0);
  const weighted = (pick: (slice: LoadResult) => number) => sum((slice) => pick(slice) * slice.measureSeconds) / seconds;
  const concat = (pick: (slice: LoadResult) => Float64Array): Float64Array => {
    const all = new Float64Array(sum((slice) => pick(slice).length));
    let offset = 0;
    for (const slice of slices) {
      all.set(pick(slice), offset);
      offset += pick(slice).length;
    }
    return all.sort();
  };
  const meterNames = [...new Set(slices.flatMap((slice) => Object.keys(slice.meterCpu)))];
  return {
    editors: slices[0]?.editors ?? 0,
    measureSeconds: seconds,
    sent: sum((slice) => slice.sent),
    receiptsInWindow: sum((slice) => slice.receiptsInWindow),
    deliveredOfWindow: sum((slice) => slice.deliveredOfWindow),
    expectedOfWindow: sum((slice) => slice.expectedOfWindow),
    latencies: concat((slice) => slice.latencies),
    crossLatencies: concat((slice) => slice.crossLatencies),
    meterCpu: Object.fromEntries(meterNames.map((name) => [name, weighted((slice) => slice.meterCpu[name] ?? 0)])),
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
