/** People who have not used the map for this long fade in the presence bar. */
export const IDLE_AFTER_MS = 5 * 60_000;

interface Seen {
  active: number;
  /** When this screen saw `active` change: other people's clocks may be off. */
  at: number;
}

/**
 * Who is idle, judged by when this screen last saw each person's `active` stamp change (their
 * clock may differ from this one). People whose client sends no stamp are never called idle.
 */
export class IdleWatch {
  private readonly seen = new Map<number, Seen>();

  idle(peers: readonly { clientId: number; active: number | null; isSelf: boolean }[], now: number): Set<number> {
    const idle = new Set<number>();
    const present = new Set<number>();
    for (const peer of peers) {
      present.add(peer.clientId);
      if (peer.isSelf || peer.active === null) continue;
      const known = this.seen.get(peer.clientId);
      if (!known || known.active !== peer.active) this.seen.set(peer.clientId, { active: peer.active, at: now });
      else if (now - known.at >= IDLE_AFTER_MS) idle.add(peer.clientId);
    }
    for (const id of this.seen.keys()) if (!present.has(id)) this.seen.delete(id);
    return idle;
  }
}
