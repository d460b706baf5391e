/**
 * Graph → tfjs model, through the same Keras JSON the app exports: the layer registry is the one
 * place that maps a node to Keras/tfjs layers, so what trains is exactly what the engine analyzed.
 * Weights then come from, in order of precedence: restored weights (a reopened or continued run), the
 * node's fixed weights (a hand-made kernel), else the layer's seeded random initializer.
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkGraph } from '../graph/graph';
import { exportKerasModel } from '../interop/keras-export';
import type { NodeTensor } from '../project/weights';
import { fuseConvLayers } from './fused-conv';

export interface BuiltModel {
  model: tf.LayersModel;
  /** Graph node id for each tfjs layer that carries a node's output (helper layers such as `<name>_pad` have none). */
  nodeIdByLayer: Map<string, string>;
  /** Restored weights that no longer fit (layer removed or reshaped since) and were initialized afresh. */
  notes: string[];
}

/** `conv2d/kernel` → `kernel`: the name weights are stored under, per node. */
export const weightName = (w: tf.LayerVariable): string => w.originalName.split('/').pop() ?? w.name;

const shapeText = (shape: readonly number[]) => shape.join('×');

/** The variable keeps its own reference to the values, so the temporary tensor can go at once. */
function assign(variable: tf.LayerVariable, values: ArrayLike<number>): void {
  const t = tf.tensor(Float32Array.from(values), variable.shape as number[]);
  variable.write(t);
  t.dispose();
}

export async function buildModel(graph: NetworkGraph, restore: readonly NodeTensor[] = []): Promise<BuiltModel> {
  const exported = exportKerasModel(graph);
  if (!exported.ok) throw new Error(exported.error);
  const model = await tf.models.modelFromJSON({ modelTopology: exported.model as unknown as tf.io.ModelJSON['modelTopology'] });
  const nodeIdByLayer = new Map(graph.nodes.map((n) => [n.name, n.id]));
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const restored = new Map(restore.map((t) => [`${t.nodeId}/${t.name}`, t]));
  const used = new Set<string>();
  const notes: string[] = [];
  for (const layer of model.layers) {
    const node = nodes.get(nodeIdByLayer.get(layer.name) ?? '');
    if (!node) continue;
    for (const variable of layer.weights) {
      const name = weightName(variable);
      const saved = restored.get(`${node.id}/${name}`);
      if (saved) used.add(`${node.id}/${name}`);
      if (saved && shapeText(saved.shape) === shapeText(variable.shape as number[])) {
        assign(variable, saved.values);
        continue;
      }
      if (saved)
        notes.push(`${node.name}.${name} was ${shapeText(saved.shape)} and is now ${shapeText(variable.shape as number[])}: it starts from fresh weights.`);
      const fixed = node.weights?.[name];
      if (!fixed) continue;
      if (shapeText(fixed.shape) !== shapeText(variable.shape as number[])) {
        throw new Error(
          `${node.name}: its fixed ${name} is ${shapeText(fixed.shape)} but the layer's ${name} is ${shapeText(variable.shape as number[])}. Change the layer back (kernel size, filters, input channels) or clear the fixed weights.`,
        );
      }
      assign(variable, fixed.values);
    }
  }
  const orphans = restore.filter((t) => !used.has(`${t.nodeId}/${t.name}`)).map((t) => `${t.nodeId}.${t.name}`);
  if (orphans.length)
    notes.push(
      `Weights of layers no longer in the network were left out: ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? ` and ${orphans.length - 5} more` : ''}.`,
    );
  // Conv2D + bias + relu train in one kernel (tfjs itself fuses them only outside a gradient).
  fuseConvLayers(model);
  return { model, nodeIdByLayer, notes };
}
