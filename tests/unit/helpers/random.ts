/** A small seeded PRNG (mulberry32): the same seed replays the same run, so a failure can be kept. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, bound). */
export function randomInt(random: () => number, bound: number): number {
  return Math.floor(random() * bound);
}

/** One element of a non-empty list; throws on an empty one so a broken harness fails loudly. */
export function pickOne<T>(random: () => number, items: readonly T[]): T {
  const item = items[randomInt(random, items.length)];
  if (item === undefined) throw new Error('pickOne: empty list');
  return item;
}
