import { describe, expect, it } from 'vitest';
import { fromOverview, overviewFrame, toOverview } from './overview-frame';

const map = { x: 0, y: 0, width: 4000, height: 1000 };

describe('overviewFrame', () => {
  it('fits the whole map, centred, with a margin on its longer side', () => {
    const frame = overviewFrame(map, { x: 100, y: 100, width: 400, height: 300 }, 200, 150);
    const drawn = toOverview(frame, map);
    expect(drawn.width).toBeCloseTo(200 / 1.1, 5);
    expect(drawn.x).toBeCloseTo((200 - drawn.width) / 2, 5);
    expect(drawn.y + drawn.height / 2).toBeCloseTo(75, 5);
  });

  it('keeps the view inside when it is panned past the map', () => {
    const view = { x: 5000, y: -800, width: 1200, height: 900 };
    const drawn = toOverview(overviewFrame(map, view, 200, 150), view);
    expect(drawn.x).toBeGreaterThanOrEqual(0);
    expect(drawn.y).toBeGreaterThanOrEqual(0);
    expect(drawn.x + drawn.width).toBeLessThanOrEqual(200);
    expect(drawn.y + drawn.height).toBeLessThanOrEqual(150);
  });

  it('finds the map point under a point of the overview', () => {
    const frame = overviewFrame(map, { x: 0, y: 0, width: 100, height: 100 }, 200, 150);
    const corner = toOverview(frame, { x: 4000, y: 1000, width: 0, height: 0 });
    const back = fromOverview(frame, corner);
    expect(back.x).toBeCloseTo(4000, 5);
    expect(back.y).toBeCloseTo(1000, 5);
  });

  it('shows only the view when the map is empty', () => {
    const view = { x: 0, y: 0, width: 800, height: 600 };
    const drawn = toOverview(overviewFrame(null, view, 200, 150), view);
    expect(drawn.width / drawn.height).toBeCloseTo(800 / 600, 5);
  });
});
