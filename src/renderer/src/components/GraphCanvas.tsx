import { Background, Controls, ReactFlow, type Edge, type NodeChange } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useAppStore } from '../store/app-store';
import { LayerNode, type LayerFlowNode } from './LayerNode';

const nodeTypes = { layer: LayerNode };

export function GraphCanvas() {
  const graph = useAppStore((s) => s.graph);
  const moveNode = useAppStore((s) => s.moveNode);

  const nodes = useMemo<LayerFlowNode[]>(
    () => graph.nodes.map((layer) => ({ id: layer.id, type: 'layer', position: layer.position ?? { x: 0, y: 0 }, data: { layer } })),
    [graph.nodes],
  );
  const edges = useMemo<Edge[]>(() => graph.edges.map((e) => ({ id: e.id, source: e.source, target: e.target })), [graph.edges]);

  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      for (const change of changes) if (change.type === 'position' && change.position) moveNode(change.id, change.position);
    },
    [moveNode],
  );

  return (
    <div className="canvas" data-testid="graph-canvas">
      <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange} fitView fitViewOptions={{ maxZoom: 1.2 }}>
        <Background gap={16} />
        <Controls />
      </ReactFlow>
    </div>
  );
}
