import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CanvasPlace } from './canvas-place';

/** The page as far as CanvasPlace sees it: a window that can be resized and observers of size. */
const observers: Array<() => void> = [];
beforeEach(() => {
  vi.stubGlobal('window', new EventTarget());
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(private readonly callback: () => void) {}
      observe() {
        observers.push(this.callback);
      }
      disconnect() {
        observers.splice(observers.indexOf(this.callback), 1);
      }
    },
  );
});
afterEach(() => {
  vi.unstubAllGlobals();
  observers.length = 0;
});

function canvasAt(left: number, top: number) {
  const canvas = { rect: { left, top }, reads: 0, getBoundingClientRect: () => (canvas.reads++, canvas.rect as DOMRect) };
  return canvas;
}

describe('where the pointer is on the map', () => {
  it('takes off the canvas place and the pan, and divides by the zoom', () => {
    const place = new CanvasPlace();
    const canvas = canvasAt(100, 50);
    expect(place.toFlow({ x: 300, y: 250 }, canvas as unknown as Element, [20, 10, 2])).toEqual({ x: 90, y: 95 });
  });

  it('reads the canvas place once, and again only after a resize or a scroll', () => {
    const place = new CanvasPlace();
    const canvas = canvasAt(0, 0);
    const element = canvas as unknown as Element;
    for (let i = 0; i < 10; i++) place.toFlow({ x: i, y: i }, element, [0, 0, 1]);
    expect(canvas.reads).toBe(1);

    canvas.rect = { left: 200, top: 0 };
    for (const resized of observers) resized();
    expect(place.toFlow({ x: 250, y: 0 }, element, [0, 0, 1])).toEqual({ x: 50, y: 0 });
    window.dispatchEvent(new Event('resize'));
    window.dispatchEvent(new Event('scroll'));
    place.toFlow({ x: 0, y: 0 }, element, [0, 0, 1]);
    expect(canvas.reads).toBe(3);
  });

  it('stops watching when destroyed', () => {
    const place = new CanvasPlace();
    place.toFlow({ x: 0, y: 0 }, canvasAt(0, 0) as unknown as Element, [0, 0, 1]);
    expect(observers).toHaveLength(1);
    place.destroy();
    expect(observers).toHaveLength(0);
  });
});
