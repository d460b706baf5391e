/**
 * What the engine costs: analyzing a 1,000-layer network (every shape, parameter count, MAC count,
 * receptive field and arithmetic trace) against building the same model with tfjs-layers from the
 * exported Keras JSON — the other way to learn those shapes.
 */
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph, createAnalyzer } from '../src/shared/engine/analyze';
import { GraphBuilder } from '../src/shared/graph/build';
import type { NetworkGraph } from '../src/shared/graph/graph';
import { exportKerasModel } from '../src/shared/interop/keras-export';
import type { Pair } from './harness';

/**
 * A valid network of exactly `size` layers on 32×32×8: Conv2D 'same' → BatchNormalization → ReLU blocks,
 * with an Add skip around every fourth block; it ends in plain blocks, so the last Conv2D can change its
 * filters without breaking an Add.
 */
export function deepGraph(size = 1000): NetworkGraph {
  const b = new GraphBuilder();
  let x = b.input([32, 32, 8]);
  let skipFrom = x;
  let blocks = 0;
  const left = () => size - b.graph.nodes.length;
  while (left() > 0) {
    if (left() >= 3) {
      x = b.add('Conv2D', { filters: 8, kernel_size: [3, 3], padding: 'same' }, [x]);
      x = b.add('BatchNormalization', {}, [x]);
      x = b.add('Activation', { activation: 'relu' }, [x]);
      if (++blocks % 4 === 0 && left() > 12) {
        x = b.add('Add', {}, [skipFrom, x]);
        skipFrom = x;
      }
    } else {
      x = b.add('Dropout', { rate: 0.1 }, [x]);
    }
  }
  return b.graph;
}

export function enginePairs(): Pair[] {
  const graph = deepGraph(1000);
  const analysis = analyzeGraph(graph);
  const exported = exportKerasModel(graph);
  if (graph.nodes.length !== 1000 || !analysis.ok || !exported.ok) throw new Error('The benchmark network must be valid and have 1,000 layers.');
  const topology = exported.model as unknown as tf.io.ModelJSON['modelTopology'];

  let ready: Promise<void> | undefined;
  const tfjsBuild = async () => {
    ready ??= (async () => {
      tf.enableProdMode();
      await tf.setBackend('cpu');
    })();
    await ready;
    const model = await tf.models.modelFromJSON({ modelTopology: topology });
    if (model.layers.length !== 1000) throw new Error(`tfjs built ${model.layers.length} layers`);
    model.dispose();
    tf.disposeVariables();
  };

  // The edit: the last Conv2D's filters, alternating 8 ↔ 12, as the app writes it (new node, new
  // params, new node list; every other node object shared).
  const index = graph.nodes.map((n) => n.type).lastIndexOf('Conv2D');
  const analyzer = createAnalyzer();
  let current = graph;
  let edits = 0;
  const edit = () => {
    const node = current.nodes[index]!;
    const filters = ++edits % 2 ? 12 : 8;
    current = { nodes: current.nodes.map((n, i) => (i === index ? { ...node, params: { ...node.params, filters } } : n)), edges: current.edges };
    const result = analyzer(current);
    if (!result.ok || result.nodes[node.id]!.shape![2] !== filters) throw new Error('The edit was not analyzed.');
  };

  return [
    {
      name: 'engine: full analysis, 1,000 layers',
      ratioMeaning: 'analyzeGraph / tfjs modelFromJSON; lower is better',
      reference: tfjsBuild,
      candidate: async () => {
        if (!analyzeGraph(graph).ok) throw new Error('invalid');
      },
      rounds: 5,
    },
    {
      name: 'engine: one edit (warm), 1,000 layers',
      ratioMeaning: 'createAnalyzer after one Conv2D edit / tfjs modelFromJSON; lower is better',
      reference: tfjsBuild,
      candidate: async () => {
        if (edits === 0) analyzer(current); // warm
        edit();
      },
      rounds: 5,
    },
  ];
}
