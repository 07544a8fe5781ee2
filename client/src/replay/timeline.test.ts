import { describe, expect, it } from 'vitest';
import { LONGEST_GAP_MS, nearestEvent, timelinePositions } from './timeline';

describe('the replay timeline', () => {
  it('places events by time, with long pauses shortened to a minute', () => {
    const day = 24 * 60 * 60_000;
    const positions = timelinePositions([{ receivedAt: 0 }, { receivedAt: 1_000 }, { receivedAt: day }, { receivedAt: day + 59_000 }]);
    const total = 1_000 + LONGEST_GAP_MS + 59_000;
    expect(positions).toEqual([0, 1_000 / total, (1_000 + LONGEST_GAP_MS) / total, 1]);
  });

  it('spreads events of one moment evenly (an imported map), and finds the nearest', () => {
    const positions = timelinePositions([{ receivedAt: 5 }, { receivedAt: 5 }, { receivedAt: 5 }]);
    expect(positions).toEqual([0, 0.5, 1]);
    expect(nearestEvent(positions, 0.8)).toBe(2);
    expect(nearestEvent(positions, 0.2)).toBe(0);
  });
});
