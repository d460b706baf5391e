import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GraphNode } from '../../../shared/graph/graph';

export type LayerFlowNode = Node<{ layer: GraphNode }, 'layer'>;

/** One layer on the canvas: name and Keras type. Shapes and params join in the engine issue. */
export function LayerNode({ data }: NodeProps<LayerFlowNode>) {
  const { layer } = data;
  const isInput = layer.type === 'InputLayer';
  return (
    <div className={`layer-node family-${isInput ? 'input' : 'core'}`} data-testid={`layer-node-${layer.id}`}>
      {!isInput && <Handle type="target" position={Position.Top} />}
      <div className="layer-node__name">{layer.name}</div>
      <div className="layer-node__type">{layer.type}</div>
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}
