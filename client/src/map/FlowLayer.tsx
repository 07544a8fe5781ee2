import { type ReactNode, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { type ReactFlowState, useStore } from '@xyflow/react';

const domNodeOf = (state: ReactFlowState) => state.domNode;

/**
 * Draws its children in one of React Flow's layers, in map coordinates: `below` the statements
 * (where links go) or `above` them. React Flow's own portals look their layer up in the page on
 * every change to its store (each drag step); this finds it once.
 */
export function FlowLayer({ place, children }: { place: 'below' | 'above'; children: ReactNode }) {
  const domNode = useStore(domNodeOf);
  const layer = useMemo(
    () => domNode?.querySelector(place === 'below' ? '.react-flow__edgelabel-renderer' : '.react-flow__viewport-portal') ?? null,
    [domNode, place],
  );
  return layer ? createPortal(children, layer) : null;
}
