import type { Transform, XYPosition } from '@xyflow/react';

/**
 * Where a point on the screen is on the map. React Flow's `screenToFlowPosition` reads the
 * canvas's place on the page every time, which lays out the page again; on a large map, once a
 * frame during a drag cost more than the frame. The place is read once here, and again only
 * after the canvas or the window changed size or something scrolled.
 */
export class CanvasPlace {
  private element: Element | null = null;
  private rect: DOMRect | null = null;
  private observer: ResizeObserver | null = null;
  private readonly forget = () => {
    this.rect = null;
  };

  toFlow(client: XYPosition, canvas: Element, [x, y, zoom]: Transform): XYPosition {
    if (canvas !== this.element) this.watch(canvas);
    this.rect ??= canvas.getBoundingClientRect();
    return { x: (client.x - this.rect.left - x) / zoom, y: (client.y - this.rect.top - y) / zoom };
  }

  destroy() {
    this.observer?.disconnect();
    window.removeEventListener('resize', this.forget);
    window.removeEventListener('scroll', this.forget, true);
    this.element = null;
  }

  private watch(canvas: Element) {
    this.destroy();
    this.element = canvas;
    this.rect = null;
    this.observer = new ResizeObserver(this.forget);
    this.observer.observe(canvas);
    window.addEventListener('resize', this.forget);
    window.addEventListener('scroll', this.forget, true);
  }
}
