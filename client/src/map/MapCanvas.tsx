import { type MouseEvent, type PointerEvent, useEffect, useRef } from 'react';
import {
  Background,
  BackgroundVariant,
  type Connection,
  ConnectionMode,
  Controls,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
} from '@xyflow/react';
import { Cursors } from './Cursors';
import { EmptyMapNote } from './EmptyMapNote';
import { STATEMENT_HEIGHT, STATEMENT_WIDTH } from './flow-types';
import { LinkEdge } from './LinkEdge';
import { useMapState, useSession } from './session-context';
import { StatementNode } from './StatementNode';
import { useLinkEdges } from './use-link-edges';
import { useStatementNodes } from './use-statement-nodes';

// Module-level, so React Flow does not see new node and edge types on every render.
const nodeTypes = { statement: StatementNode };
const edgeTypes = { link: LinkEdge };

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
  const { nodes, onNodesChange } = useStatementNodes();
  const { edges, onEdgesChange } = useLinkEdges();
  const hasSynced = useMapState((state) => state.hasSynced);
  const { screenToFlowPosition } = useReactFlow();
  useFitOnArrival(nodes.length, hasSynced);

  const onDoubleClick = (event: MouseEvent) => {
    if (readOnly || !(event.target instanceof Element)) return;
    if (!event.target.classList.contains('react-flow__pane')) return;
    const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    actions.addStatementAt({ x: point.x - STATEMENT_WIDTH / 2, y: point.y - STATEMENT_HEIGHT / 2 });
  };

  const onPointerMove = (event: PointerEvent) => {
    actions.setCursor(screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  const onConnect = (connection: Connection) => {
    actions.addLink(connection.source, connection.target);
  };

  return (
    <div className="map-canvas" onPointerMove={onPointerMove} onPointerLeave={() => actions.setCursor(null)}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={() => actions.beginMove()}
        onNodeDoubleClick={(_, node) => actions.startEditing(node.id)}
        onConnect={onConnect}
        onDoubleClick={onDoubleClick}
        connectionMode={ConnectionMode.Loose}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable
        edgesFocusable
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
        <Cursors />
      </ReactFlow>
      {!readOnly && hasSynced && nodes.length === 0 && <EmptyMapNote />}
    </div>
  );
}
