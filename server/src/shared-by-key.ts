/**
 * The work already running for `key`, or new work from `start`, forgotten once it settles: callers
 * that come together (two connections opening one map, two requests for its loops) share it.
 */
export function sharedByKey<K, V>(running: Map<K, Promise<V>>, key: K, start: () => Promise<V>): Promise<V> {
  let work = running.get(key);
  if (!work) {
    work = start().finally(() => running.delete(key));
    running.set(key, work);
  }
  return work;
}
