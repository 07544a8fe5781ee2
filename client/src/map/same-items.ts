/**
 * `next` if any item differs from `previous` (by identity), else `previous`: an array or map
 * that did not change keeps its identity, so React Flow and memoised hooks skip their work.
 * At 1,000 statements a new nodes or edges array costs React Flow a pass over every one.
 */
export function sameItemsOr<T>(previous: readonly T[] | null, next: T[]): T[];
export function sameItemsOr<K, V>(previous: ReadonlyMap<K, V> | null, next: ReadonlyMap<K, V>): ReadonlyMap<K, V>;
export function sameItemsOr<T, K, V>(previous: readonly T[] | ReadonlyMap<K, V> | null, next: T[] | ReadonlyMap<K, V>): unknown {
  if (previous === null) return next;
  if (Array.isArray(previous) && Array.isArray(next)) {
    return previous.length === next.length && next.every((item, i) => item === previous[i]) ? previous : next;
  }
  const before = previous as ReadonlyMap<K, V>;
  const after = next as ReadonlyMap<K, V>;
  if (before.size !== after.size) return after;
  for (const [key, value] of after) if (before.get(key) !== value) return after;
  return before;
}
