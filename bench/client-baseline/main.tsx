// The benchmark's baseline (bench/client.ts): the same map drawn with plain React Flow, no Yjs,
// no features; nodes hold the statement's number and text, edges are React Flow's defaults.
import { type Edge, type Node, type NodeChange, ReactFlow, applyNodeChanges } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useState } from 'react';
import { createRoot } from 'react-dom/client';

interface MapFile {
  statements: { id: string; number: number; text: string; x: number; y: number }[];
  links: { id: string; from: string; to: string }[];
}

const file = (await (await fetch(new URLSearchParams(location.search).get('map') ?? '')).json()) as MapFile;
const initialNodes: Node[] = file.statements.map((s) => ({ id: s.id, position: { x: s.x, y: s.y }, data: { label: `${s.number}. ${s.text}` }, style: { width: 220 } }));
const edges: Edge[] = file.links.map((l) => ({ id: l.id, source: l.from, target: l.to }));

function Baseline() {
  const [nodes, setNodes] = useState(initialNodes);
  const onNodesChange = useCallback((changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current)), []);
  return <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} minZoom={0.2} maxZoom={2} fitView />;
}

createRoot(document.getElementById('root')!).render(<Baseline />);
