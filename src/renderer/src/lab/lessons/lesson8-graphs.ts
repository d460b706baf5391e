/**
 * Lesson 8's two networks, analysed by the engine (the same numbers the graph editor shows):
 * three stacked 2×2 convolutions vs one 4×4, each 1 channel in, 1 filter, with bias, on an 8×8 input.
 */
import { analyzeGraph, type NodeAnalysis } from '../../../../shared/engine/analyze';
import { sequentialGraph } from '../../../../shared/graph/build';
import { receptiveField, receptiveWindow, type PixelWindow, type ReceptiveLayer, type ReceptiveStep } from '../../../../shared/lab';

export const INPUT_SIZE = 8;

export interface Architecture {
  id: 'stack' | 'single';
  label: string;
  kernels: number[];
  /** The conv layers in order, as the engine analysed them. */
  layers: NodeAnalysis[];
  params: number;
  /** The last layer's field on the input, from the engine. */
  field: ReceptiveStep;
  outputSize: number;
}

function analyse(id: Architecture['id'], label: string, kernels: number[]): Architecture {
  const graph = sequentialGraph(
    [INPUT_SIZE, INPUT_SIZE, 1],
    kernels.map((k) => ({ type: 'Conv2D', params: { filters: 1, kernel_size: [k, k], strides: [1, 1], padding: 'valid', use_bias: true } })),
  );
  const analysis = analyzeGraph(graph);
  const layers = analysis.order.map((n) => analysis.nodes[n]!).filter((n) => n.type === 'Conv2D');
  const last = layers[layers.length - 1]!;
  const rf = last.receptiveField!;
  return {
    id,
    label,
    kernels,
    layers,
    params: analysis.totals.params,
    field: { size: rf.size[0]!, jump: rf.jump[0]!, start: rf.start[0]! },
    outputSize: last.shape![0]!,
  };
}

export const ARCHITECTURES: Architecture[] = [analyse('stack', 'three 2×2', [2, 2, 2]), analyse('single', 'one 4×4', [4])];

/**
 * Where the last layer's output (row, col) reads on each earlier map: index 0 is the input (the engine's
 * field), then each intermediate layer's output (the lab's recurrence over the layers after it).
 */
export function windowsPerLevel(arch: Architecture, row: number, col: number): PixelWindow[] {
  const layers: ReceptiveLayer[] = arch.kernels.map((k) => ({ kernel: k, stride: 1 }));
  return layers.map((_, level) => (level === 0 ? receptiveWindow(arch.field, row, col) : receptiveWindow(receptiveField(layers.slice(level)), row, col)));
}

/** Side length of each level's map: the input, then each layer's output. */
export function levelSizes(arch: Architecture): number[] {
  return [INPUT_SIZE, ...arch.layers.map((l) => l.shape![0]!)];
}
