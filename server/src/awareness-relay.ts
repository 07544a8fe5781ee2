import type { Awareness } from 'y-protocols/awareness';

interface Pending {
  clients: Set<number>;
  timer: NodeJS.Timeout;
}

/**
 * Relays presence (cursors, selections) at most `perSecond` times per sender: to everyone in a
 * room, and (a second relay) to the other nodes. What a sender changes faster than that is merged, not dropped: when its turn comes,
 * the latest state of every client it touched goes out in one message, so the last cursor
 * position always arrives.
 */
export class AwarenessRelay<Sender extends object> {
  private readonly intervalMs: number;
  private readonly lastSentAt = new Map<Sender, number>();
  private readonly pending = new Map<Sender, Pending>();

  constructor(
    private readonly awareness: Awareness,
    perSecond: number,
    /** Sends the current states of these clients (all known to the awareness). */
    private readonly broadcast: (clients: number[]) => void,
  ) {
    this.intervalMs = 1000 / perSecond;
  }

  /** `sender` changed these clients' states; null for the server's own changes (sent at once). */
  changed(sender: Sender | null, clients: readonly number[]): void {
    if (clients.length === 0) return;
    if (sender === null) {
      this.send(clients);
      return;
    }
    const waiting = this.pending.get(sender);
    if (waiting) {
      for (const client of clients) waiting.clients.add(client);
      return;
    }
    const now = performance.now();
    const due = (this.lastSentAt.get(sender) ?? -Infinity) + this.intervalMs;
    if (now >= due) {
      this.lastSentAt.set(sender, now);
      this.send(clients);
      return;
    }
    const timer = setTimeout(() => this.flush(sender), due - now);
    timer.unref();
    this.pending.set(sender, { clients: new Set(clients), timer });
  }

  /**
   * A sender left: what it changed last goes out now (often its own goodbye, state null), then
   * it is forgotten. The room removes whatever states it still held.
   */
  forget(sender: Sender): void {
    const waiting = this.pending.get(sender);
    if (waiting) {
      clearTimeout(waiting.timer);
      this.flush(sender);
    }
    this.lastSentAt.delete(sender);
  }

  close(): void {
    for (const waiting of this.pending.values()) clearTimeout(waiting.timer);
    this.pending.clear();
    this.lastSentAt.clear();
  }

  private flush(sender: Sender): void {
    const waiting = this.pending.get(sender);
    if (!waiting) return;
    this.pending.delete(sender);
    this.lastSentAt.set(sender, performance.now());
    this.send(Array.from(waiting.clients));
  }

  private send(clients: readonly number[]): void {
    // Only clients the awareness knows (a removed client keeps its clock, so its removal goes too).
    const known = clients.filter((client) => this.awareness.meta.has(client));
    if (known.length > 0) this.broadcast(known);
  }
}
