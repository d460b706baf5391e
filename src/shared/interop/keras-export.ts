/**
 * Graph → Keras model JSON, as `model.to_json()` writes it in tf.keras 2 (a Functional model; this is
 * also what tfjs' `modelFromJSON` reads). Each node contributes the Keras layers its registry entry
 * exports (explicit padding becomes ZeroPadding2D + a 'valid' layer, chained in order).
 */
import { analyzeGraph } from '../engine/analyze';
import { networkErrorText } from '../engine/summary';
import { resolveParams } from '../engine/params';
import { getLayerSpec } from '../engine/registry';
import { NameAllocator } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';

type InboundNode = [string, number, number, Record<string, never>][];

export interface KerasModelJson {
  class_name: 'Functional';
  config: {
    name: string;
    layers: { class_name: string; config: Record<string, unknown>; name: string; inbound_nodes: InboundNode[] }[];
    input_layers: [string, number, number][];
    output_layers: [string, number, number][];
  };
  keras_version: string;
  backend: 'tensorflow';
}

export type ExportResult = { ok: true; model: KerasModelJson } | { ok: false; error: string };

export function exportKerasModel(graph: NetworkGraph, name = 'model'): ExportResult {
  const analysis = analyzeGraph(graph);
  if (!analysis.ok) return { ok: false, error: networkErrorText(analysis) };
  const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  /** Keras layer name of each node's final output. */
  const outputName = new Map<string, string>();
  const layers: KerasModelJson['config']['layers'] = [];
  // Helper layers (`<name>_pad`, `<name>_full`) must not collide with a user's layer names.
  const helperNames = new NameAllocator(graph.nodes.map((n) => n.name));
  for (const id of analysis.order) {
    const node = nodesById.get(id)!;
    const spec = getLayerSpec(node.type)!;
    const { params } = resolveParams(spec.params, node);
    const inbound = analysis.nodes[id]!.inputIds.map((i) => outputName.get(i)!);
    let previous = inbound;
    for (const layer of spec.toKeras(node, params)) {
      const proposed = String(layer.config.name);
      const layerName = proposed === node.name ? proposed : helperNames.unique(proposed);
      layer.config.name = layerName;
      layers.push({
        class_name: layer.class_name,
        config: layer.config,
        name: layerName,
        inbound_nodes: previous.length ? [previous.map((p) => [p, 0, 0, {}] as [string, number, number, Record<string, never>])] : [],
      });
      previous = [layerName];
    }
    outputName.set(id, previous[0]!);
  }
  return {
    ok: true,
    model: {
      class_name: 'Functional',
      config: {
        name,
        layers,
        input_layers: analysis.inputIds.map((i) => [outputName.get(i)!, 0, 0]),
        output_layers: analysis.outputIds.map((o) => [outputName.get(o)!, 0, 0]),
      },
      keras_version: '2.15.0',
      backend: 'tensorflow',
    },
  };
}
