/**
 * Graph → tfjs functional model. Each layer is named after its node id so activations and weights
 * read back from the model map onto graph nodes without a lookup table.
 */
import * as tf from '@tensorflow/tfjs';
import { inputsOf, topologicalOrder, type GraphNode, type NetworkGraph } from '../graph/graph';

type Builder = (node: GraphNode, inputs: tf.SymbolicTensor[]) => tf.SymbolicTensor;

function numberParam(node: GraphNode, key: string): number {
  const value = node.params[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`Layer "${node.name}": parameter "${key}" must be a number (got ${JSON.stringify(value)}).`);
  }
  return value;
}

function single(node: GraphNode, inputs: tf.SymbolicTensor[]): tf.SymbolicTensor {
  if (inputs.length !== 1) {
    throw new Error(`Layer "${node.name}" (${node.type}) needs exactly one input, it has ${inputs.length}.`);
  }
  return inputs[0]!;
}

const builders: Record<string, Builder> = {
  Dense: (node, inputs) =>
    tf.layers
      .dense({
        name: node.id,
        units: numberParam(node, 'units'),
        activation: (node.params.activation as tf.serialization.ConfigDictValue as never) ?? 'linear',
      })
      .apply(single(node, inputs)) as tf.SymbolicTensor,
};

export function buildModel(graph: NetworkGraph): tf.LayersModel {
  const order = topologicalOrder(graph);
  const outputsByNode = new Map<string, tf.SymbolicTensor>();
  const modelInputs: tf.SymbolicTensor[] = [];
  for (const node of order) {
    if (node.type === 'InputLayer') {
      const shape = node.params.shape;
      if (!Array.isArray(shape) || shape.some((d) => typeof d !== 'number')) {
        throw new Error(`Input "${node.name}" has no valid shape.`);
      }
      const input = tf.input({ name: node.id, shape: shape as number[] });
      modelInputs.push(input);
      outputsByNode.set(node.id, input);
      continue;
    }
    const build = builders[node.type];
    if (!build) throw new Error(`Layer type "${node.type}" (node "${node.name}") cannot be trained yet.`);
    const inputs = inputsOf(graph, node.id).map((id) => outputsByNode.get(id)!);
    outputsByNode.set(node.id, build(node, inputs));
  }
  const consumed = new Set(graph.edges.map((e) => e.source));
  const outputs = order.filter((n) => !consumed.has(n.id) && n.type !== 'InputLayer').map((n) => outputsByNode.get(n.id)!);
  if (modelInputs.length === 0) throw new Error('The network has no Input layer.');
  if (outputs.length === 0) throw new Error('The network has no output layer: connect at least one layer after the Input.');
  return tf.model({ inputs: modelInputs, outputs });
}
