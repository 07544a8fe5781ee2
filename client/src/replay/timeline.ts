import * as Y from 'yjs';
import type { HistoryEvent, JournalRecord } from '@causal-map/shared/history';
import { analyseMap } from '@causal-map/shared/loop';

/** On the timeline, a pause longer than this is drawn as this long: hours between meetings fit. */
export const LONGEST_GAP_MS = 60_000;

/**
 * Where each event sits on a time axis from 0 to 1: by when it arrived, with every pause longer
 * than a minute shortened to a minute, so a week between two case conferences does not leave
 * the evening's work squeezed into a corner.
 * @example timelinePositions(times 0, 1 s, 1 day) // [0, 1/61, 1]
 */
export function timelinePositions(events: readonly Pick<HistoryEvent, 'receivedAt'>[]): number[] {
  const offsets: number[] = [];
  let total = 0;
  events.forEach((event, index) => {
    if (index > 0) total += Math.min(LONGEST_GAP_MS, Math.max(0, event.receivedAt - events[index - 1]!.receivedAt));
    offsets.push(total);
  });
  // Everything at one moment (an imported map): one after the other.
  if (total === 0) return offsets.map((_, index) => (offsets.length <= 1 ? 0 : index / (offsets.length - 1)));
  return offsets.map((offset) => offset / total);
}

/** The event nearest to a point of the timeline (0 to 1). */
export function nearestEvent(positions: readonly number[], point: number): number {
  let best = 0;
  positions.forEach((position, index) => {
    if (Math.abs(position - point) < Math.abs(positions[best]! - point)) best = index;
  });
  return best;
}

/** The `seq` of every `loop-closed` event whose loop was vicious when it closed. */
export function viciousClosures(journal: readonly JournalRecord[], events: readonly HistoryEvent[], entries: readonly number[]): Set<number> {
  const closing = new Map<number, HistoryEvent[]>();
  events.forEach((event, index) => {
    if (event.kind !== 'loop-closed') return;
    const entry = entries[index]!;
    closing.set(entry, [...(closing.get(entry) ?? []), event]);
  });
  const vicious = new Set<number>();
  if (closing.size === 0) return vicious;
  const doc = new Y.Doc();
  const last = Math.max(...closing.keys());
  const sameLoop = (a: readonly number[], b: readonly number[]) => a.length === b.length && [...a].sort((x, y) => x - y).every((n, i) => n === [...b].sort((x, y) => x - y)[i]);
  try {
    for (let entry = 0; entry <= last; entry++) {
      Y.applyUpdate(doc, journal[entry]!.update);
      const closed = closing.get(entry);
      if (!closed) continue;
      const loops = analyseMap(doc).loops.filter((loop) => loop.character === 'vicious');
      for (const event of closed) if (loops.some((loop) => sameLoop(loop.statements, event.loop ?? []))) vicious.add(event.seq);
    }
  } finally {
    doc.destroy();
  }
  return vicious;
}
