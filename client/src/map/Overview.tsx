import { type PointerEvent, type WheelEvent, useEffect, useRef } from 'react';
import { Panel, useReactFlow, useStoreApi } from '@xyflow/react';
import { type Box, type StatementBox, boundsOf } from '@causal-map/shared/geometry/box';
import { areaShown } from './fit-view';
import type { StatementFlowNode } from './flow-types';
import { type OverviewFrame, fromOverview, overviewFrame, toOverview } from './overview-frame';
import { VALENCE_DISPLAY } from './valence';

const WIDTH = 200;
const HEIGHT = 150;
const MASK = 'rgb(241 245 249 / 80%)';
const VIEW_EDGE = '#1d4ed8';

interface Drawn {
  box: Box;
  colour: string;
}

function paint(context: CanvasRenderingContext2D, frame: OverviewFrame, statements: readonly Drawn[], view: Box): void {
  context.clearRect(0, 0, WIDTH, HEIGHT);
  for (const { box, colour } of statements) {
    const { x, y, width, height } = toOverview(frame, box);
    context.fillStyle = colour;
    context.fillRect(x, y, Math.max(width, 1), Math.max(height, 1));
  }
  // Everything but the part on screen steps back.
  const shown = toOverview(frame, view);
  context.fillStyle = MASK;
  context.beginPath();
  context.rect(0, 0, WIDTH, HEIGHT);
  context.rect(shown.x, shown.y, shown.width, shown.height);
  context.fill('evenodd');
  context.strokeStyle = VIEW_EDGE;
  context.lineWidth = 1.5;
  context.strokeRect(shown.x, shown.y, shown.width, shown.height);
}

/**
 * The whole map small, with the part on screen framed; a click or a drag there moves the view
 * to that place, the wheel zooms. Drawn on a canvas, outside React, once per frame at most:
 * React Flow's minimap rendered again and repainted a thousand statements on every step of a
 * pan, which alone made panning a large map miss frames.
 */
export function Overview({ boxes, nodes }: { boxes: readonly StatementBox[]; nodes: readonly StatementFlowNode[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = useRef<OverviewFrame | null>(null);
  const store = useStoreApi<StatementFlowNode>();
  const { setCenter, zoomTo } = useReactFlow();

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return undefined;
    const scale = window.devicePixelRatio || 1;
    element.width = WIDTH * scale;
    element.height = HEIGHT * scale;
    context.setTransform(scale, 0, 0, scale, 0, 0);
    const colours = new Map(nodes.map((node) => [node.id, VALENCE_DISPLAY[node.data.statement.valence].colour]));
    const statements: Drawn[] = boxes.map((box) => ({ box, colour: colours.get(box.id) ?? VALENCE_DISPLAY.neutral.colour }));
    const content = boundsOf(statements.map(({ box }) => box));
    let scheduled = 0;
    const draw = () => {
      scheduled = 0;
      const { transform, width, height } = store.getState();
      const [x, y, zoom] = transform;
      const view = areaShown({ x, y, zoom }, width, height);
      frame.current = overviewFrame(content, view, WIDTH, HEIGHT);
      paint(context, frame.current, statements, view);
    };
    draw();
    const unsubscribe = store.subscribe((state, before) => {
      const moved = state.transform !== before.transform || state.width !== before.width || state.height !== before.height;
      if (moved && scheduled === 0) scheduled = requestAnimationFrame(draw);
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(scheduled);
    };
  }, [boxes, nodes, store]);

  const moveTo = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!frame.current) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const point = fromOverview(frame.current, { x: ((event.clientX - rect.left) * WIDTH) / rect.width, y: ((event.clientY - rect.top) * HEIGHT) / rect.height });
    void setCenter(point.x, point.y, { zoom: store.getState().transform[2] });
  };
  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    moveTo(event);
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) moveTo(event);
  };
  const onWheel = (event: WheelEvent<HTMLCanvasElement>) => void zoomTo(store.getState().transform[2] * 2 ** (-event.deltaY / 500));

  return (
    <Panel position="bottom-right" className="map-overview-panel">
      <canvas
        ref={canvas}
        className="map-overview nopan nodrag nowheel"
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Overview of the whole map"
        title="Overview: click or drag to move the view there; scroll to zoom"
        data-testid="map-overview"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onWheel={onWheel}
      />
    </Panel>
  );
}
