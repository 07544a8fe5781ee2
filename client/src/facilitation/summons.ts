import type { Peer } from '../map/map-state';

/**
 * The "bring everyone here" calls this screen has not answered yet, noting them as answered.
 * Only from other people who can edit: a view-only connection (the server marks it) cannot
 * move anyone's view.
 */
export function newSummons(peers: readonly Peer[], answered: Set<string>): Array<Peer & { summon: NonNullable<Peer['summon']> }> {
  const calls: Array<Peer & { summon: NonNullable<Peer['summon']> }> = [];
  for (const peer of peers) {
    if (peer.isSelf || peer.viewOnly || peer.summon === null || answered.has(peer.summon.id)) continue;
    answered.add(peer.summon.id);
    calls.push(peer as Peer & { summon: NonNullable<Peer['summon']> });
  }
  return calls;
}
