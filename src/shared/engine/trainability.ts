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

/** A layer TensorFlow.js cannot train as it is set, with why and what to do. */
export interface LayerTrainingProblem {
  nodeId: string;
  message: string;
}

/**
 * Per layer, what tfjs cannot train: a type it lacks (`notInTfjs`), settings it cannot train
 * (`tfjsProblem`: groups, ELU α, channels_first 1-D pooling, 1-D/3-D PyTorch padding, output_padding),
 * dilation, activations it does not have. Depends only on the graph, so the Train panel lists these
 * before a run starts; `trainingProblems` refuses a run with them.
 */
export function layerTrainingProblems(graph: NetworkGraph): LayerTrainingProblem[] {
  const problems: LayerTrainingProblem[] = [];
  for (const node of graph.nodes) {
    const add = (message: string) => problems.push({ nodeId: node.id, message });
    const spec = getLayerSpec(node.type);
    if (!spec) continue;
    if (spec.notInTfjs) add(`"${node.name}" is a ${node.type} layer, which TensorFlow.js cannot train. Remove it for training (it stays valid for export).`);
    const dilation = node.params.dilation_rate;
    if (Array.isArray(dilation) && (dilation as number[]).some((d) => d > 1)) {
      add(
        `"${node.name}" uses dilation ${(dilation as number[]).join('×')}: TensorFlow.js has no gradient for dilated convolutions. Use dilation 1 (a larger kernel or more layers reach as far).`,
      );
    }
    const { params, problems: invalid } = resolveParams(spec.params, node);
    const limit = invalid.length ? undefined : spec.tfjsProblem?.(params);
    if (limit) add(`"${node.name}" ${limit}`);
    const activation = node.params.activation;
    if (typeof activation === 'string' && ACTIVATION_ALTERNATIVES[activation]) {
      add(`"${node.name}" uses the ${activation} activation, which TensorFlow.js does not have. Use ${ACTIVATION_ALTERNATIVES[activation]}.`);
    }
  }
  return problems;
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
  problems.push(...layerTrainingProblems(graph).map((p) => p.message));
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
