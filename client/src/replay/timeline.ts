import type { HistoryEvent } from '@causal-map/shared/history';

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
