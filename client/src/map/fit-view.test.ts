import { describe, expect, it } from 'vitest';
import { freeCanvasRect, viewportToFit } from './fit-view';

const rect = (left: number, top: number, width: number, height: number) =>
  ({ left, top, width, height, right: left + width, bottom: top + height, x: left, y: top }) as DOMRect;

describe('showing part of the map in the free part of the canvas', () => {
  it('centres the bounds in the free rectangle, at most at full size', () => {
    const viewport = viewportToFit({ x: 100, y: 100, width: 200, height: 100 }, { left: 0, top: 0, width: 800, height: 600 });
    expect(viewport.zoom).toBe(1);
    // The bounds' centre (200, 150) lands on the free rectangle's centre (400, 300).
    expect(200 * viewport.zoom + viewport.x).toBeCloseTo(400);
    expect(150 * viewport.zoom + viewport.y).toBeCloseTo(300);
  });

  it('zooms out so large bounds fit inside the padding', () => {
    const bounds = { x: -1000, y: 0, width: 2000, height: 500 };
    const free = { left: 0, top: 0, width: 500, height: 600 };
    const viewport = viewportToFit(bounds, free, 40);
    const left = bounds.x * viewport.zoom + viewport.x;
    const right = (bounds.x + bounds.width) * viewport.zoom + viewport.x;
    expect(left).toBeGreaterThanOrEqual(39.9);
    expect(right).toBeLessThanOrEqual(460.1);
  });

  it('leaves out the part of the canvas a panel covers', () => {
    const canvas = rect(0, 100, 900, 600);
    const panel = rect(560, 100, 340, 600);
    expect(freeCanvasRect(canvas, [panel])).toEqual({ left: 0, top: 0, width: 560, height: 600 });
    // A panel beside the canvas (wide screens) takes nothing away.
    expect(freeCanvasRect(canvas, [rect(900, 100, 340, 600)]).width).toBe(900);
  });
});
