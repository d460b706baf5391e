/**
 * Edits that add several things at once, as pure functions: the store applies each as ONE undo step
 * and decides the selection. (Done as a sequence of store actions they made an undo step per layer
 * and per parameter, and moved the user's selection on the way.)
 */
import { analyzeGraph } from '../engine/analyze';
import type { LayerParams, NetworkGraph } from '../graph/graph';
import { addAfter, addLayer, insertOnEdge, kernelWeights, setFixedWeights, setParam } from './edit';

/** What "Send to network" in the Filter Lab hands the editor. */
export interface KernelLayerSpec {
  /** One kh × kw matrix per filter. */
  kernels: number[][][];
  /** Input channels the kernel spans (the same matrix on each). */
  inChannels: number;
  padding: 'valid' | 'same' | number;
  stride: number;
  dilation: number;
  /** H × W of the lab image, for a new Input when the network has no image layer to attach to. */
  imageShape: [number, number];
}

export interface Selection {
  nodeIds: readonly string[];
  edgeIds: readonly string[];
}

/** Double-click in the palette: into the one selected connection, else after the last selected layer, else below everything. */
export function insertFromPalette(graph: NetworkGraph, type: string, selection: Selection): { graph: NetworkGraph; id: string } {
  const onEdge = selection.edgeIds.length === 1 ? insertOnEdge(graph, selection.edgeIds[0]!, type) : null;
  if (onEdge) return onEdge;
  const lowest = Math.max(0, ...graph.nodes.map((n) => n.position?.y ?? 0));
  return addAfter(graph, selection.nodeIds.at(-1) ?? null, type, { x: 0, y: graph.nodes.length ? lowest + 120 : 0 });
}

/**
 * The Filter Lab's kernel(s) as a Conv2D with fixed weights: after `afterId`, else after the deepest
 * layer that still outputs an image, else on a new Input of the lab image's size.
 */
export function addKernelConv(graph: NetworkGraph, spec: KernelLayerSpec, afterId: string | null): { graph: NetworkGraph; id: string } {
  const [kh, kw] = [spec.kernels[0]!.length, spec.kernels[0]![0]!.length];
  const params: LayerParams = {
    filters: spec.kernels.length,
    kernel_size: [kh, kw],
    padding: spec.padding,
    strides: [spec.stride, spec.stride],
    dilation_rate: [spec.dilation, spec.dilation],
    use_bias: false,
    activation: 'linear',
  };
  const analysis = analyzeGraph(graph);
  const images = analysis.order.filter((id) => analysis.nodes[id]?.shape?.length === 3);
  let next = graph;
  let from = afterId ?? images.at(-1) ?? null;
  if (!from) {
    const input = addLayer(next, 'InputLayer', { x: 600, y: 0 }, { shape: [...spec.imageShape, spec.inChannels] });
    next = input.graph;
    from = input.id;
  }
  const added = addAfter(next, from, 'Conv2D', { x: 600, y: 120 });
  next = added.graph;
  for (const [key, value] of Object.entries(params)) next = setParam(next, added.id, key, value);
  return { graph: setFixedWeights(next, added.id, { kernel: kernelWeights(spec.kernels, spec.inChannels) }), id: added.id };
}

/** Layers chained one after the other below `afterId`, each with its parameters (lesson 9's augmentation). */
export function addLayerChain(
  graph: NetworkGraph,
  afterId: string,
  layers: readonly { type: string; params: LayerParams }[],
): { graph: NetworkGraph; ids: string[] } {
  let next = graph;
  let after = afterId;
  const ids: string[] = [];
  for (const layer of layers) {
    const added = insertFromPalette(next, layer.type, { nodeIds: [after], edgeIds: [] });
    next = added.graph;
    for (const [key, value] of Object.entries(layer.params)) next = setParam(next, added.id, key, value);
    ids.push(added.id);
    after = added.id;
  }
  return { graph: next, ids };
}
