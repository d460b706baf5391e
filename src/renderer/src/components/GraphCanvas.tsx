import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useMemo } from 'react';
import { useAppStore } from '../store/app-store';
import { useAnalysis } from '../store/use-analysis';
import { LayerNode, type LayerFlowNode } from './LayerNode';

const nodeTypes = { layer: LayerNode };

export function GraphCanvas() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  );
}

/** Re-fits the view whenever a different graph is loaded (not on every edit). */
function FitOnLoad() {
  const revision = useAppStore((s) => s.graphRevision);
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (revision > 0) requestAnimationFrame(() => void fitView({ maxZoom: 1.2, duration: 200 }));
  }, [revision, fitView]);
  return null;
}

function Canvas() {
  const graph = useAppStore((s) => s.graph);
  const moveNode = useAppStore((s) => s.moveNode);
  const analysis = useAnalysis();

  const nodes = useMemo<LayerFlowNode[]>(
    () =>
      graph.nodes.map((layer) => {
        const result = analysis.nodes[layer.id];
        const blockedByName = result?.blockedBy ? analysis.nodes[result.blockedBy]?.name : undefined;
        return { id: layer.id, type: 'layer', position: layer.position ?? { x: 0, y: 0 }, data: { layer, analysis: result, blockedByName } };
      }),
    [graph.nodes, analysis],
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
        <FitOnLoad />
      </ReactFlow>
    </div>
  );
}
