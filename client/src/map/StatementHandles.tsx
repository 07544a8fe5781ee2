import { memo, type PointerEvent } from 'react';
import { Position, useStoreApi } from '@xyflow/react';
import { XYHandle } from '@xyflow/system';

const SIDES = [Position.Top, Position.Right, Position.Bottom, Position.Left] as const;

/**
 * The four small handles to start a link from, and the drop target that covers the whole box
 * while a link is drawn (shown by the canvas's `data-connecting`). They do what React Flow's
 * `<Handle>` does, from the same class names and data attributes, but without its two store
 * subscriptions per handle: at 1,000 statements those are 10,000 selectors run on every step
 * of a drag. They start a connection with React Flow's own `XYHandle`; it ends on what is under
 * the pointer (the canvas sets `connectionRadius` to 0), never on a handle nearby.
 */
function StatementHandlesView({ nodeId, readOnly }: { nodeId: string; readOnly: boolean }) {
  const store = useStoreApi();
  const { rfId } = store.getState();

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (readOnly || (event.pointerType === 'mouse' && event.button !== 0)) return;
    const state = store.getState();
    // The handles are not laid out until shown (see canvas.css): measure them now, so the new
    // link's line starts at this one.
    const nodeElement = event.currentTarget.closest<HTMLDivElement>('.react-flow__node');
    if (nodeElement) state.updateNodeInternals(new Map([[nodeId, { id: nodeId, nodeElement, force: true }]]));
    XYHandle.onPointerDown(event.nativeEvent, {
      handleDomNode: event.currentTarget,
      autoPanOnConnect: state.autoPanOnConnect,
      connectionMode: state.connectionMode,
      connectionRadius: state.connectionRadius,
      domNode: state.domNode,
      nodeLookup: state.nodeLookup,
      lib: state.lib,
      isTarget: false,
      handleId: event.currentTarget.dataset.handleid ?? null,
      nodeId,
      flowId: state.rfId,
      panBy: state.panBy,
      cancelConnection: state.cancelConnection,
      onConnectStart: state.onConnectStart,
      onConnectEnd: (...args) => store.getState().onConnectEnd?.(...args),
      updateConnection: state.updateConnection,
      onConnect: (connection) => store.getState().onConnect?.(connection),
      isValidConnection: (connection) => store.getState().isValidConnection?.(connection) ?? true,
      getTransform: () => store.getState().transform,
      getFromHandle: () => store.getState().connection.fromHandle,
      autoPanSpeed: state.autoPanSpeed,
      dragThreshold: state.connectionDragThreshold,
    });
  };

  const connectable = readOnly ? '' : ' connectable connectablestart connectableend connectionindicator';
  return (
    <>
      {SIDES.map((side) => (
        <div
          key={side}
          className={`react-flow__handle react-flow__handle-${side} nodrag nopan source statement-handle${connectable}`}
          data-handleid={side}
          data-nodeid={nodeId}
          data-handlepos={side}
          data-id={`${rfId}-${nodeId}-${side}-source`}
          title={readOnly ? undefined : 'Drag to another statement to link them'}
          onPointerDown={onPointerDown}
        />
      ))}
      <div
        className={`react-flow__handle react-flow__handle-left nodrag nopan target statement-drop${readOnly ? '' : ' connectable connectableend'}`}
        data-handleid="drop"
        data-nodeid={nodeId}
        data-handlepos={Position.Left}
        data-id={`${rfId}-${nodeId}-drop-target`}
      />
    </>
  );
}

export const StatementHandles = memo(StatementHandlesView);
