import { type MouseEvent, type PointerEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  type Connection,
  ConnectionMode,
  Controls,
  type Node,
  ReactFlow,
  useConnection,
  useNodesInitialized,
  useReactFlow,
  useStore,
  useStoreApi,
  type Viewport,
} from '@xyflow/react';
import { CanvasPlace } from './canvas-place';
import { Cursors } from './Cursors';
import { EmptyMapNote } from './EmptyMapNote';
import { isFar } from './far-zoom';
import { STATEMENT_HEIGHT, STATEMENT_WIDTH } from './flow-types';
import { LinkFocusTargets } from './LinkFocusTargets';
import { LinkLayer } from './LinkLayer';
import { Overview } from './Overview';
import { useMapState, useSession } from './session-context';
import { StatementNode } from './StatementNode';
import { freePlaceNear } from './use-add-statement';
import { useLinkItems } from './use-link-items';
import { useLinkRoutes } from './use-link-routes';
import { usePrintFit } from './use-print-fit';
import { useShowPlace, useShowSelectedLoop } from './use-show-loop';
import { useStatementNodes } from './use-statement-nodes';

// Module-level, so React Flow does not see new node types or keys on every render.
const nodeTypes = { statement: StatementNode };
const MULTI_SELECTION_KEYS = ['Meta', 'Control', 'Shift'];
const NO_EDGES: never[] = [];

/** From this many statements on, an overview of the whole map helps people find their way. */
const OVERVIEW_FROM = 25;

/**
 * Fits the map into view once, when an existing map first arrives. A map that was empty on
 * arrival is not refitted as statements appear: that would jump while people work.
 */
function useFitOnArrival(count: number, hasSynced: boolean, initialised: boolean) {
  const { fitView } = useReactFlow();
  const state = useRef<'waiting' | 'fitting' | 'done'>('waiting');
  useEffect(() => {
    if (state.current === 'waiting' && hasSynced) state.current = count > 0 ? 'fitting' : 'done';
    if (state.current !== 'fitting' || !initialised || count === 0) return;
    state.current = 'done';
    void fitView({ padding: 0.2, maxZoom: 1 });
  }, [initialised, count, hasSynced, fitView]);
}

export function MapCanvas() {
  const session = useSession();
  const { actions } = session;
  const readOnly = session.role !== 'edit';
  const { nodes, boxes, moving, animating, onNodesChange } = useStatementNodes();
  const hasSynced = useMapState((state) => state.hasSynced);
  const measured = useNodesInitialized();
  // Fitted first, so the links routed first on opening a large map are the ones in view.
  useFitOnArrival(nodes.length, hasSynced, measured);
  const routes = useLinkRoutes(boxes, moving, measured);
  const links = useLinkItems(routes);
  // While someone draws a link, every statement's whole box accepts the drop (see canvas.css).
  const connecting = useConnection((connection) => connection.inProgress);
  const far = useStore(isFar);
  const { screenToFlowPosition } = useReactFlow();
  useShowSelectedLoop(boxes);
  useShowPlace(boxes);
  usePrintFit(session);
  useEffect(() => {
    session.canvas.boxes = boxes;
    session.canvas.routes = routes;
  }, [session, boxes, routes]);

  // Where this person looks goes to the others (to follow, or to be brought here).
  const onMove = useCallback((_: unknown, viewport: Viewport) => session.facilitation.shareViewport(viewport), [session]);

  const onDoubleClick = (event: MouseEvent) => {
    if (readOnly || !(event.target instanceof Element)) return;
    if (!event.target.classList.contains('react-flow__pane')) return;
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const near = { x: point.x - STATEMENT_WIDTH / 2, y: point.y - STATEMENT_HEIGHT / 2 };
    void freePlaceNear(session, near).then((place) => actions.addStatementAt(place));
  };

  // Where the pointer is in the map, worked out once a frame from where the canvas was last seen.
  const pointer = useRef<{ client: { x: number; y: number } | null; frame: number }>({ client: null, frame: 0 });
  const store = useStoreApi();
  const [place] = useState(() => new CanvasPlace());
  useEffect(() => () => place.destroy(), [place]);
  const onPointerMove = (event: PointerEvent) => {
    pointer.current.client = { x: event.clientX, y: event.clientY };
    if (pointer.current.frame !== 0) return;
    pointer.current.frame = requestAnimationFrame(() => {
      pointer.current.frame = 0;
      const { client } = pointer.current;
      const { domNode, transform } = store.getState();
      if (!client || !domNode) return;
      const point = place.toFlow(client, domNode, transform);
      session.canvas.pointer = point;
      actions.setCursor(point);
    });
  };
  useEffect(() => () => cancelAnimationFrame(pointer.current.frame), []);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.target instanceof Element && event.target.classList.contains('react-flow__pane')) {
      event.currentTarget.focus({ preventScroll: true });
    }
  };

  const onPointerLeave = () => {
    pointer.current.client = null;
    session.canvas.pointer = null;
    actions.setCursor(null);
  };

  // Stable, so React Flow does not draw every statement again when the canvas renders.
  const onConnect = useCallback((connection: Connection) => actions.addLink(connection.source, connection.target), [actions]);
  const onNodeDragStart = useCallback(() => actions.beginMove(), [actions]);
  const onNodeDoubleClick = useCallback((_: MouseEvent, node: Node) => actions.startEditing(node.id), [actions]);
  const onNodeContextMenu = useCallback(
    (event: MouseEvent, node: Node) => {
      if (readOnly) return;
      event.preventDefault();
      actions.setSelection({ statementIds: [node.id], linkIds: [] });
      session.store.setState({ statementMenu: { id: node.id, x: event.clientX, y: event.clientY } });
    },
    [actions, readOnly, session],
  );
  const onPaneClick = useCallback(() => actions.setSelection({ statementIds: [], linkIds: [] }), [actions]);

  return (
    <div
      className={['map-canvas', animating && 'is-laying-out', far && 'is-far'].filter(Boolean).join(' ')}
      data-far={far ? 'true' : undefined}
      data-animating={animating ? 'true' : undefined}
      data-connecting={connecting ? 'true' : undefined}
      onPointerMove={onPointerMove}
      onPointerLeave={onPointerLeave}
      onPointerDown={onPointerDown}
      // The map's own keys act here; focusable, so a click on the canvas takes focus from panels.
      data-shortcut-scope="map"
      tabIndex={-1}
    >
      <ReactFlow
        nodes={nodes}
        // The links are drawn by LinkLayer, along routes React Flow does not know.
        edges={NO_EDGES}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onMove={onMove}
        onNodeDragStart={onNodeDragStart}
        onNodeDoubleClick={onNodeDoubleClick}
        onNodeContextMenu={onNodeContextMenu}
        onPaneClick={onPaneClick}
        onConnect={onConnect}
        connectOnClick={false}
        connectionRadius={0}
        onDoubleClick={onDoubleClick}
        connectionMode={ConnectionMode.Loose}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        nodesFocusable
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECTION_KEYS}
        minZoom={0.2}
        maxZoom={2}
        aria-label="Map canvas"
      >
        {/* Far out the dots are specks, and drawing them on every step of a pan missed frames. */}
        {!far && <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />}
        <Controls showInteractive={false} position="bottom-left" />
        {nodes.length >= OVERVIEW_FROM && <Overview boxes={boxes} nodes={nodes} />}
        <LinkLayer items={links} moving={moving} />
        {/* Links take focus through these, after the statements in the tab order. */}
        <LinkFocusTargets items={links} />
        <Cursors />
      </ReactFlow>
      {!readOnly && hasSynced && nodes.length === 0 && <EmptyMapNote />}
    </div>
  );
}
