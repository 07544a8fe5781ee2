import { type MouseEvent, type PointerEvent, useEffect, useRef } from 'react';
import {
  Background,
  BackgroundVariant,
  type Connection,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
} from '@xyflow/react';
import { Cursors } from './Cursors';
import { EmptyMapNote } from './EmptyMapNote';
import { STATEMENT_HEIGHT, STATEMENT_WIDTH, type StatementFlowNode } from './flow-types';
import { LinkEdge } from './LinkEdge';
import { LinkFocusTargets } from './LinkFocusTargets';
import { useMapState, useSession } from './session-context';
import { StatementNode } from './StatementNode';
import { freePlaceNear } from './use-add-statement';
import { useLinkEdges } from './use-link-edges';
import { useLinkRoutes } from './use-link-routes';
import { usePrintFit } from './use-print-fit';
import { useShowPlace, useShowSelectedLoop } from './use-show-loop';
import { useStatementNodes } from './use-statement-nodes';
import { VALENCE_DISPLAY } from './valence';

// Module-level, so React Flow does not see new node and edge types on every render.
const nodeTypes = { statement: StatementNode };
const edgeTypes = { link: LinkEdge };

/** From this many statements on, a minimap helps people find their way. */
const MINIMAP_FROM = 25;

const minimapColour = (node: StatementFlowNode) => VALENCE_DISPLAY[node.data.statement.valence].colour;

/**
 * Fits the map into view once, when an existing map first arrives. A map that was empty on
 * arrival is not refitted as statements appear: that would jump while people work.
 */
function useFitOnArrival(count: number, hasSynced: boolean) {
  const initialised = useNodesInitialized();
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
  const { nodes, boxes, animating, onNodesChange } = useStatementNodes();
  const routes = useLinkRoutes(boxes);
  const { edges, onEdgesChange } = useLinkEdges(routes);
  const hasSynced = useMapState((state) => state.hasSynced);
  const { screenToFlowPosition } = useReactFlow();
  useFitOnArrival(nodes.length, hasSynced);
  useShowSelectedLoop(boxes);
  useShowPlace(boxes);
  usePrintFit(session);
  useEffect(() => {
    session.canvas.boxes = boxes;
    session.canvas.routes = routes;
  }, [session, boxes, routes]);

  const onDoubleClick = (event: MouseEvent) => {
    if (readOnly || !(event.target instanceof Element)) return;
    if (!event.target.classList.contains('react-flow__pane')) return;
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    const near = { x: point.x - STATEMENT_WIDTH / 2, y: point.y - STATEMENT_HEIGHT / 2 };
    void freePlaceNear(session, near).then((place) => actions.addStatementAt(place));
  };

  const onPointerMove = (event: PointerEvent) => {
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    session.canvas.pointer = point;
    actions.setCursor(point);
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.target instanceof Element && event.target.classList.contains('react-flow__pane')) {
      event.currentTarget.focus({ preventScroll: true });
    }
  };

  const onPointerLeave = () => {
    session.canvas.pointer = null;
    actions.setCursor(null);
  };

  const onConnect = (connection: Connection) => {
    actions.addLink(connection.source, connection.target);
  };

  return (
    <div
      className={animating ? 'map-canvas is-laying-out' : 'map-canvas'}
      data-animating={animating ? 'true' : undefined}
      onPointerMove={onPointerMove}
      onPointerLeave={onPointerLeave}
      onPointerDown={onPointerDown}
      // The map's own keys act here; focusable, so a click on the canvas takes focus from panels.
      data-shortcut-scope="map"
      tabIndex={-1}
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={() => actions.beginMove()}
        onNodeDoubleClick={(_, node) => actions.startEditing(node.id)}
        onNodeContextMenu={(event, node) => {
          if (readOnly) return;
          event.preventDefault();
          actions.setSelection({ statementIds: [node.id], linkIds: [] });
          session.store.setState({ statementMenu: { id: node.id, x: event.clientX, y: event.clientY } });
        }}
        onConnect={onConnect}
        onDoubleClick={onDoubleClick}
        connectionMode={ConnectionMode.Loose}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        // Links take focus through LinkFocusTargets, after the statements in the tab order.
        edgesFocusable={false}
        nodesFocusable
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        minZoom={0.2}
        maxZoom={2}
        aria-label="Map canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <Controls showInteractive={false} position="bottom-left" />
        {nodes.length >= MINIMAP_FROM && (
          <MiniMap<StatementFlowNode>
            position="bottom-right"
            pannable
            zoomable
            nodeColor={minimapColour}
            ariaLabel="Overview of the whole map"
          />
        )}
        <LinkFocusTargets edges={edges} />
        <Cursors />
      </ReactFlow>
      {!readOnly && hasSynced && nodes.length === 0 && <EmptyMapNote />}
    </div>
  );
}
