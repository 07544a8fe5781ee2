import type { Author } from '@causal-map/shared/schema';

/**
 * An author whose clock ticks by `step` on every change, so times in assertions are exact.
 * @example const ana = pinnedAuthor('Ana', 1000); // first change at 1000, then 1001, …
 */
export function pinnedAuthor(name: string, start = 1_000, step = 1): Author {
  let t = start;
  return {
    name,
    now: () => {
      const at = t;
      t += step;
      return at;
    },
  };
}

/** An author whose clock never moves: every change made with it carries the same time. */
export function frozenAuthor(name: string, at: number): Author {
  return { name, now: () => at };
}
