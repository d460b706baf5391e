/**
 * Can this network be trained on this data, and how much memory will it take? Checked before a run
 * starts, so the user gets a plain reason and a fix instead of a tfjs stack trace or a frozen machine.
 */
import type { NetworkGraph } from '../graph/graph';
import type { GraphAnalysis } from './analyze';
import { bytesText, fmtInt, shapeText } from './format';
import { resolveParams } from './params';
import { getLayerSpec } from './registry';

/** Keras activation names tfjs does not know, with what to use instead. */
const ACTIVATION_ALTERNATIVES: Record<string, string> = {
  leaky_relu: 'a LeakyReLU layer after a linear activation',
  silu: "'swish' (the same function)",
  exponential: "'elu' or 'softplus'",
};
/** Optimizer slots kept per weight (Adam: m and v). */
export const OPTIMIZER_SLOTS: Record<string, number> = { sgd: 0, momentum: 1, nesterov: 1, adam: 2, nadam: 2, rmsprop: 2, adagrad: 1 };

export interface DataShape {
  name: string;
  height: number;
  width: number;
  channels: number;
  classes: number;
}

/**
 * Bytes a training run needs: weights, their gradients and optimizer slots, plus every layer's
 * activations and their gradients for a whole batch (float32).
 */
export function estimateTrainingMemory(analysis: GraphAnalysis, batchSize: number, optimizer: string): number {
  const weights = analysis.totals.params * 4;
  const slots = OPTIMIZER_SLOTS[optimizer] ?? 2;
  return weights * (2 + slots) + analysis.totals.activationBytes * batchSize * 2;
}

export interface TrainabilityInput {
  graph: NetworkGraph;
  analysis: GraphAnalysis;
  data: DataShape;
  loss: string;
  batchSize: number;
  optimizer: string;
  memoryLimitBytes: number;
}

/** Every reason the run cannot start; empty when it can. */
export function trainingProblems({ graph, analysis, data, loss, batchSize, optimizer, memoryLimitBytes }: TrainabilityInput): string[] {
  if (!analysis.ok) {
    const first = analysis.diagnostics.find((d) => d.severity === 'error')!;
    const where = first.nodeId ? ` (layer "${analysis.nodes[first.nodeId]?.name ?? first.nodeId}")` : '';
    return [`Fix the network first${where}: ${first.message} ${first.fix}`];
  }
  const problems: string[] = [];
  if (analysis.inputIds.length !== 1 || analysis.outputIds.length !== 1) {
    problems.push(`Training needs exactly one Input and one output layer; this network has ${analysis.inputIds.length} and ${analysis.outputIds.length}.`);
  }
  for (const node of graph.nodes) {
    if (getLayerSpec(node.type)?.notInTfjs)
      problems.push(`"${node.name}" is a ${node.type} layer, which TensorFlow.js cannot train. Remove it for training (it stays valid for export).`);
    const dilation = node.params.dilation_rate;
    if (Array.isArray(dilation) && (dilation as number[]).some((d) => d > 1)) {
      problems.push(
        `"${node.name}" uses dilation ${(dilation as number[]).join('×')}: TensorFlow.js has no gradient for dilated convolutions. Use dilation 1 (a larger kernel or more layers reach as far).`,
      );
    }
    const spec = getLayerSpec(node.type);
    const limit = spec?.tfjsProblem?.(resolveParams(spec.params, node).params);
    if (limit) problems.push(`"${node.name}" ${limit}`);
    const activation = node.params.activation;
    if (typeof activation === 'string' && ACTIVATION_ALTERNATIVES[activation]) {
      problems.push(`"${node.name}" uses the ${activation} activation, which TensorFlow.js does not have. Use ${ACTIVATION_ALTERNATIVES[activation]}.`);
    }
  }
  const input = analysis.nodes[analysis.inputIds[0] ?? '']?.shape;
  if (input && input.length !== 3) {
    problems.push(
      `${data.name} holds images (H × W × C) but the Input is (${input.join(', ')}). Set the Input to ${data.height} × ${data.width} × ${data.channels}.`,
    );
  }
  const outputNode = analysis.nodes[analysis.outputIds[0] ?? ''];
  const output = outputNode?.shape;
  if (output && (loss === 'sparseCategoricalCrossentropy' || loss === 'categoricalCrossentropy')) {
    if (output.length !== 1 || output[0] !== data.classes) {
      problems.push(
        `The network outputs ${shapeText(output)} values but ${data.name} has ${data.classes} classes. End it with Flatten (or global pooling) and Dense(${data.classes}, softmax).`,
      );
    } else {
      const last = graph.nodes.find((n) => n.id === outputNode!.id);
      if (last && last.params.activation !== 'softmax' && last.type !== 'Softmax') {
        problems.push(`"${last.name}" should use the softmax activation: crossentropy needs class probabilities.`);
      }
    }
  }
  const bytes = estimateTrainingMemory(analysis, batchSize, optimizer);
  if (bytes > memoryLimitBytes) {
    problems.push(
      `Training this network needs about ${bytesText(bytes)} (${fmtInt(analysis.totals.params)} weights with gradients and optimizer state, plus activations for a batch of ${batchSize}), more than the ${bytesText(memoryLimitBytes)} allowed. Use a smaller batch, fewer filters or more pooling.`,
    );
  }
  return problems;
}
