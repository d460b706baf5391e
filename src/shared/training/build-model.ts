/**
 * Graph → tfjs model, through the same Keras JSON the app exports: the layer registry is the one
 * place that maps a node to Keras/tfjs layers, so what trains is exactly what the engine analyzed.
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkGraph } from '../graph/graph';
import { exportKerasModel } from '../interop/keras-export';

export interface BuiltModel {
  model: tf.LayersModel;
  /** Graph node id for each tfjs layer that carries a node's output (helper layers such as `<name>_pad` have none). */
  nodeIdByLayer: Map<string, string>;
}

export async function buildModel(graph: NetworkGraph): Promise<BuiltModel> {
  const exported = exportKerasModel(graph);
  if (!exported.ok) throw new Error(exported.error);
  const model = await tf.models.modelFromJSON({ modelTopology: exported.model as unknown as tf.io.ModelJSON['modelTopology'] });
  return { model, nodeIdByLayer: new Map(graph.nodes.map((n) => [n.name, n.id])) };
}
