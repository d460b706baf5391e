/**
 * "New exercise": a random valid CNN of a chosen difficulty, the same for the same seed (a class
 * shares one exercise by its seed). 1: conv + pool chains; 2: + stride, explicit padding and dilation
 * mixes; 3: + depthwise, separable and transposed convolutions, and a branch joined by Concatenate.
 */
import { mulberry32 } from '../data/random';
import { analyzeGraph } from '../engine/analyze';
import { addLayer, connect } from '../editing/edit';
import { sequentialGraph, type LayerDef } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';

export type Difficulty = 1 | 2 | 3;

type Rand = () => number;
const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function conv(rand: Rand, difficulty: Difficulty): LayerDef {
  const k = pick(rand, [1, 3, 3, 5]);
  const filters = pick(rand, [4, 8, 16, 32]);
  const params: NonNullable<LayerDef['params']> = { filters, kernel_size: [k, k], activation: 'relu' };
  params.padding = pick(rand, ['valid', 'same']);
  if (difficulty >= 2) {
    const mix = int(rand, 0, 3);
    if (mix === 1) params.strides = [2, 2];
    else if (mix === 2) params.padding = int(rand, 1, 2);
    else if (mix === 3 && k > 1) params.dilation_rate = [2, 2];
  }
  if (difficulty >= 3) {
    const kind = int(rand, 0, 4);
    if (kind === 1)
      return {
        type: 'DepthwiseConv2D',
        params: { kernel_size: [k, k], padding: params.padding === 'same' ? 'same' : 'valid', depth_multiplier: pick(rand, [1, 2]) },
      };
    if (kind === 2) return { type: 'SeparableConv2D', params: { filters, kernel_size: [k, k], padding: params.padding === 'same' ? 'same' : 'valid' } };
    if (kind === 3) return { type: 'Conv2DTranspose', params: { filters, kernel_size: [k, k], strides: [2, 2], padding: pick(rand, ['valid', 'same']) } };
  }
  return { type: 'Conv2D', params };
}

function pool(rand: Rand, difficulty: Difficulty): LayerDef {
  const size = pick(rand, [2, 2, 3]);
  const params: NonNullable<LayerDef['params']> = { pool_size: [size, size] };
  if (difficulty >= 2 && rand() < 0.3) params.padding = 'same';
  return { type: pick(rand, ['MaxPooling2D', 'MaxPooling2D', 'AveragePooling2D']), params };
}

function draft(rand: Rand, difficulty: Difficulty): NetworkGraph {
  const side = pick(rand, [28, 32, 48, 64]);
  const channels = pick(rand, [1, 3]);
  const layers: LayerDef[] = [];
  const blocks = int(rand, 2, difficulty + 2);
  for (let b = 0; b < blocks; b++) {
    layers.push(conv(rand, difficulty));
    if (rand() < 0.6) layers.push(pool(rand, difficulty));
  }
  if (rand() < 0.5) layers.push({ type: 'GlobalAveragePooling2D' });
  else layers.push({ type: 'Flatten' }, { type: 'Dense', params: { units: pick(rand, [10, 32, 64]), activation: 'relu' } });
  layers.push({ type: 'Dense', params: { units: 10, activation: 'softmax' } });
  let graph = sequentialGraph([side, side, channels], layers);
  if (difficulty >= 3) graph = withBranch(graph, rand);
  return graph;
}

/** A 1×1 'same' conv beside the first conv, both joined by Concatenate on the channels. */
function withBranch(graph: NetworkGraph, rand: Rand): NetworkGraph {
  const first = graph.edges.find((e) => e.source === 'input_layer');
  if (!first) return graph;
  const target = graph.nodes.find((n) => n.id === first.target)!;
  if (target.type !== 'Conv2D' || target.params.padding !== 'same' || JSON.stringify(target.params.strides ?? [1, 1]) !== '[1,1]') return graph;
  const next = graph.edges.find((e) => e.source === target.id);
  if (!next) return graph;
  let g = addLayer(graph, 'Conv2D', { x: 240, y: 110 }, { filters: pick(rand, [4, 8]), kernel_size: [1, 1], padding: 'same', activation: 'relu' });
  const side = g.id;
  g = { graph: connect(g.graph, 'input_layer', side), id: side };
  const joined = addLayer(g.graph, 'Concatenate', { x: 120, y: 200 });
  let out = joined.graph;
  out = { ...out, edges: out.edges.filter((e) => e.id !== next.id) };
  out = connect(connect(connect(out, target.id, joined.id), side, joined.id), joined.id, next.target);
  return out;
}

/** The exercise for a seed and difficulty: valid by construction of the retry (the same seed, the same draws). */
export function randomExercise(seed: number, difficulty: Difficulty): NetworkGraph {
  const rand = mulberry32((seed >>> 0) ^ (difficulty * 0x9e3779b1));
  for (let attempt = 0; attempt < 50; attempt++) {
    const graph = draft(rand, difficulty);
    if (analyzeGraph(graph).ok) return graph;
  }
  // A chain that always fits: the easiest exercise rather than none.
  return sequentialGraph(
    [28, 28, 1],
    [{ type: 'Conv2D', params: { filters: 8, kernel_size: [3, 3] } }, { type: 'MaxPooling2D' }, { type: 'Flatten' }, { type: 'Dense', params: { units: 10 } }],
  );
}
