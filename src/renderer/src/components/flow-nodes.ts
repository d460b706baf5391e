/** The canvas's React Flow nodes from the graph: one object per layer, kept while unchanged. */
import { NODE_HEIGHT, NODE_WIDTH } from '../../../shared/editing/layout';
import { isSourceType } from '../../../shared/engine/registry';
import type { NetworkGraph } from '../../../shared/graph/graph';
import type { Node } from '@xyflow/react';
import { estimatedHandles } from './view-fit';

const ORIGIN = { x: 0, y: 0 };

/**
 * A layer on the canvas carries only its place: what it shows is read from the document by the node itself
 * (`useLayerView`), so a parameter edit leaves React Flow's node list as it was and re-renders only the
 * nodes on screen whose layer or analysis changed.
 */
export type LayerFlowNode = Node<Record<string, never>, 'layer'>;
const NO_DATA: Record<string, never> = {};

/**
 * One flow node object per layer, kept while its place, selection and size are unchanged, and the list itself
 * kept while every node in it is: what a node shows it reads itself (`useLayerView`), so a parameter edit
 * hands React Flow the same array and it does no work at all (no node adoption, no minimap, no selectors).
 */
export function createFlowNodeCache() {
  let previous = new Map<string, LayerFlowNode>();
  let previousList: LayerFlowNode[] = [];
  return (graph: NetworkGraph, selectedNodeIds: readonly string[], measured: ReadonlyMap<string, { width: number; height: number }>) => {
    const selected = new Set(selectedNodeIds);
    const next = new Map<string, LayerFlowNode>();
    let same = graph.nodes.length === previousList.length;
    const list = graph.nodes.map((layer, i) => {
      const size = measured.get(layer.id);
      const position = layer.position ?? ORIGIN;
      const isSelected = selected.has(layer.id);
      const source = isSourceType(layer.type);
      const old = previous.get(layer.id);
      const node: LayerFlowNode =
        old &&
        old.selected === isSelected &&
        old.position === position &&
        old.measured === size &&
        (old.handles === undefined || !old.handles.some((h) => h.type === 'target') === source)
          ? old
          : {
              id: layer.id,
              type: 'layer',
              position,
              selected: isSelected,
              // Until measured (a node off-screen never is: only visible ones are rendered), the layout's box and
              // where its handles would be on it: React Flow would otherwise render every layer once to find them.
              initialWidth: NODE_WIDTH,
              initialHeight: NODE_HEIGHT,
              data: NO_DATA,
              ...(size ? { measured: size } : { handles: estimatedHandles(NODE_WIDTH, NODE_HEIGHT, !source) }),
            };
      if (node !== previousList[i]) same = false;
      next.set(layer.id, node);
      return node;
    });
    previous = next;
    if (!same) previousList = list;
    return previousList;
  };
}
