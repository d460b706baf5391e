// Property tests: the engine against an independent implementation of Keras' shape and parameter rules,
// tfjs-layers 4.22 (what the app trains with). Thousands of random networks — chains, branches joined by
// Add / Concatenate / …, residual skips, several inputs — are analyzed by the engine and, where tfjs can
// express them, built by tfjs from the exported Keras JSON:
//   (a) analyzeGraph never throws, whatever the graph (garbage params, unknown types, cycles, dangling edges);
//   (b) when the engine says ok, tfjs builds the exported model and every node's shape and parameter
//       counts (trainable and not) equal tfjs';
//   (c) when the engine reports an error that tfjs also checks, tfjs refuses to build the network;
//   (d) the memoizing analyzer gives exactly what a fresh analysis gives, edit after edit.
//
// What tfjs 4.22 cannot express (or gets wrong against Keras) is left out of (b) and (c), each with the
// reason next to it (see the tfjs mode in random-network.ts and the exclusions in checkRejected).
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode, NetworkGraph, ParamValue } from '../graph/graph';
import { exportKerasModel } from '../interop/keras-export';
import { analyzeGraph, createAnalyzer, type GraphAnalysis } from './analyze';
import { resolveParams } from './params';
import { chance, inTfjsMode, int, isStructural, LAYER_CASES, pick, product, randomNetwork, type G } from './random-network';
import { getLayerSpec, LAYER_SPECS } from './registry';

// ---------------------------------------------------------------------------------------------------
// The tfjs side.

/** The Keras layers a node exports as (one, or `<name>_pad` + the layer, or `<name>_full` + a crop). */
function exportedLayers(node: GraphNode) {
  const spec = getLayerSpec(node.type)!;
  return spec.toKeras(node, resolveParams(spec.params, node).params);
}

/** The Keras JSON of a graph the engine may reject: every node exported as it is, no questions asked. */
function exportUnchecked(graph: NetworkGraph, analysis: GraphAnalysis) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const outputName = new Map<string, string>();
  const layers: { class_name: string; config: Record<string, unknown>; name: string; inbound_nodes: unknown[] }[] = [];
  for (const id of analysis.order) {
    let previous = analysis.nodes[id]!.inputIds.map((i) => outputName.get(i)!);
    for (const layer of exportedLayers(byId.get(id)!)) {
      const name = String(layer.config.name);
      layers.push({ class_name: layer.class_name, config: layer.config, name, inbound_nodes: previous.length ? [previous.map((p) => [p, 0, 0, {}])] : [] });
      previous = [name];
    }
    outputName.set(id, previous[0]!);
  }
  const ends = (ids: string[]) => ids.map((i) => [outputName.get(i)!, 0, 0]);
  return {
    class_name: 'Functional',
    config: { name: 'model', layers, input_layers: ends(analysis.inputIds), output_layers: ends(analysis.outputIds) },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  };
}

async function tfjsBuild(topology: unknown): Promise<tf.LayersModel> {
  return tf.models.modelFromJSON({ modelTopology: topology as tf.io.ModelJSON['modelTopology'] });
}

const weightCount = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + product(w.shape as number[]), 0);
const describeGraph = (graph: NetworkGraph) =>
  JSON.stringify({ nodes: graph.nodes.map(({ id, type, params }) => ({ id, type, params })), edges: graph.edges.map((e) => [e.source, e.target]) });

/** (b): tfjs builds what the engine accepts, with the same shape and parameter counts on every node. */
async function checkAgrees(graph: NetworkGraph, analysis: GraphAnalysis) {
  const exported = exportKerasModel(graph);
  expect(exported.ok, describeGraph(graph)).toBe(true);
  if (!exported.ok) return;
  let model: tf.LayersModel;
  try {
    model = await tfjsBuild(exported.model);
  } catch (e) {
    throw new Error(`The engine accepts the network but tfjs refuses it: ${(e as Error).message}\n${describeGraph(graph)}`);
  }
  for (const node of graph.nodes) {
    const result = analysis.nodes[node.id]!;
    const layers = exportedLayers(node).map((l) => model.getLayer(String(l.config.name)));
    const outputShape = model.getLayer(node.name).outputShape as (number | null)[];
    const tfjsNode = {
      shape: outputShape.slice(1),
      trainable: layers.reduce((s, l) => s + weightCount(l.trainableWeights), 0),
      nonTrainable: layers.reduce((s, l) => s + weightCount(l.nonTrainableWeights), 0),
    };
    expect({ node: node.id, shape: result.shape, trainable: result.params.trainable, nonTrainable: result.params.nonTrainable }, describeGraph(graph)).toEqual({
      node: node.id,
      ...tfjsNode,
    });
  }
  expect(model.countParams()).toBe(analysis.totals.params);
}

/** Errors tfjs checks at build time exactly as Keras does. */
const ENFORCED_BY_TFJS = new Set(['rank-mismatch', 'merge-shape-mismatch', 'concat-mismatch', 'invalid-axis', 'missing-input', 'too-many-inputs']);
/*
 * Except: DepthwiseConv2D on a rank-4+ input. Keras' DepthwiseConv2D has input_spec ndim=4 (with the
 * batch) and refuses it; tfjs 4.22's has no input spec and only checks "rank at least 4" in build().
 */
/**
 * Sizes that shrink to zero or below (a window larger than its input, cropping or explicit padding
 * eating everything). Keras/TensorFlow raise ("Negative dimension size…", "Computed output size would be
 * negative"); tfjs 4.22 builds the model anyway and reports the non-positive size in outputShape, so we
 * check that instead.
 */
const NON_POSITIVE_SIZE = new Set(['window-too-large', 'size-zero', 'crop-too-large']);
/*
 * Not checked against tfjs (tfjs 4.22 builds these without complaint, Keras refuses them):
 * - invalid-param: tfjs does not range-check layer arguments (Dropout rate 1.5, strides 0, negative
 *   padding, units 0); Keras raises ValueError in the layer constructors.
 * - strides-with-dilation: TensorFlow's convolution op raises "strides > 1 not supported in conjunction
 *   with dilation_rate > 1"; tfjs' conv2d accepts it.
 * - reshape-size: Keras raises "total size of new array must be unchanged"; tfjs skips the check at
 *   build time whenever the batch size is unknown (always, for a model).
 */

/** (c): what the engine rejects (for a reason tfjs checks too), tfjs refuses to build. */
async function checkRejected(graph: NetworkGraph, analysis: GraphAnalysis, stats: Record<string, number>) {
  const failed = Object.values(analysis.nodes).filter((n) => n.status === 'error');
  const codes = failed.flatMap((n) => n.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code));
  const enforced = failed.some((n) =>
    n.diagnostics.some(
      (d) =>
        ENFORCED_BY_TFJS.has(d.code) &&
        !(d.code === 'rank-mismatch' && n.type === 'DepthwiseConv2D' && (analysis.nodes[n.inputIds[0]!]?.shape?.length ?? 0) > 3),
    ),
  );
  const sizeNodes = failed.filter((n) => n.diagnostics.some((d) => NON_POSITIVE_SIZE.has(d.code)));
  if (!enforced && sizeNodes.length === 0) {
    stats.excluded = (stats.excluded ?? 0) + 1;
    return;
  }
  let model: tf.LayersModel | undefined;
  let error: unknown;
  try {
    model = await tfjsBuild(exportUnchecked(graph, analysis));
  } catch (e) {
    error = e;
  }
  if (enforced) {
    stats.rejected = (stats.rejected ?? 0) + 1;
    expect(error, `tfjs built a network the engine rejects (${codes.join(', ')}): ${describeGraph(graph)}`).toBeDefined();
    return;
  }
  stats.nonPositive = (stats.nonPositive ?? 0) + 1;
  if (!model) return; // refusing is fine too
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const somewhereNonPositive = sizeNodes.some((n) =>
    exportedLayers(byId.get(n.id)!).some((l) =>
      (model.getLayer(String(l.config.name)).outputShape as (number | null)[]).slice(1).some((d) => d === null || d <= 0),
    ),
  );
  expect(somewhereNonPositive, `tfjs gives positive sizes where the engine finds none (${codes.join(', ')}): ${describeGraph(graph)}`).toBe(true);
}

// ---------------------------------------------------------------------------------------------------
// Garbage graphs for (a).

const PARAM_KEYS = [...new Set(LAYER_SPECS.flatMap((s) => s.params.map((p) => p.key)))];
const TYPES = [...LAYER_SPECS.map((s) => s.type), 'Bogus', '', 'constructor', '__proto__'];
const garbageValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom(0, -1, 1.5, NaN, Infinity, -Infinity, 1e9, 2 ** 53),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('valid', 'same', 'causal', 'relu', 'horizontal'),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer({ min: -2, max: 30 }), { maxLength: 5 }),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double(), fc.string({ maxLength: 2 }), fc.constant(null)), { maxLength: 4 }),
  fc.array(fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const garbageGraph: fc.Arbitrary<NetworkGraph> = fc
  .record({
    nodes: fc.array(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'toString', 'hasOwnProperty', '__proto__', 'constructor'),
        type: fc.constantFrom(...TYPES),
        name: fc.string({ maxLength: 4 }),
        params: fc.oneof(
          { weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...PARAM_KEYS, 'junk'), garbageValue, { maxKeys: 6 }) },
          { weight: 1, arbitrary: fc.constantFrom(undefined, null, {}) },
        ),
      }),
      { maxLength: 9 },
    ),
    edges: fc.array(
      fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'zz', 'toString'), fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'zz')),
      { maxLength: 14 },
    ),
  })
  .map(({ nodes, edges }) => ({
    nodes: nodes as unknown as GraphNode[],
    edges: edges.map(([source, target], i): GraphEdge => ({ id: i % 5 === 4 ? 'dup' : `e${i}`, source, target })),
  }));

/** Invariants any analysis must keep. */
function checkInvariants(graph: NetworkGraph, a: GraphAnalysis) {
  const ids = new Set(graph.nodes.map((n) => n.id));
  expect(new Set(a.order)).toEqual(ids);
  expect(a.order.length).toBe(ids.size);
  expect(Object.keys(a.nodes).sort()).toEqual([...ids].sort());
  for (const id of ids) {
    const n = a.nodes[id]!;
    expect(n).toBeDefined();
    // A duplicate name is an error for Keras but leaves the layer's shape valid, so it can sit on an ok node.
    const errors = n.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'duplicate-name');
    if (n.status === 'ok') {
      expect(errors).toEqual([]);
      expect(n.shape!.every((d) => Number.isInteger(d) && d > 0)).toBe(true);
      expect(Number.isInteger(n.params.trainable) && n.params.trainable >= 0 && Number.isInteger(n.params.nonTrainable) && n.params.nonTrainable >= 0).toBe(
        true,
      );
      expect(n.params.total).toBe(n.params.trainable + n.params.nonTrainable);
    } else if (n.status === 'error') {
      expect(errors.length).toBeGreaterThan(0);
      expect(n.shape).toBeUndefined();
    } else {
      expect(a.nodes[n.blockedBy!]?.status).toBe('error');
      expect(n.shape).toBeUndefined();
    }
  }
  expect(a.ok).toBe(!a.diagnostics.some((d) => d.severity === 'error'));
  if (a.ok) expect(a.totals.params).toBe(Object.values(a.nodes).reduce((s, n) => s + n.params.total, 0));
}

/** An immutable edit, as the app makes them: new objects for what changes, the rest shared. */
function randomEdit(g: G, graph: NetworkGraph): NetworkGraph {
  const { nodes, edges } = graph;
  if (nodes.length === 0) return graph;
  const i = int(g, 0, nodes.length - 1);
  const node = nodes[i]!;
  const replace = (next: GraphNode) => ({ nodes: nodes.map((n, j) => (j === i ? next : n)), edges });
  switch (pick(g, ['param', 'param', 'param', 'sameParams', 'rename', 'dropEdge', 'addEdge', 'removeNode', 'reverse'])) {
    case 'param': {
      const spec = getLayerSpec(node.type);
      const schema = spec?.params.length ? pick(g, spec.params) : undefined;
      if (!schema) return replace({ ...node, params: { ...node.params } });
      const value: ParamValue =
        schema.kind === 'shape'
          ? [int(g, 1, 12), int(g, 1, 12), int(g, 1, 4)].slice(0, int(g, 1, 3))
          : schema.kind === 'ints' || schema.kind === 'optionalInts'
            ? Array(schema.length).fill(int(g, 0, 4))
            : schema.kind === 'enum'
              ? pick(g, schema.options)
              : schema.kind === 'bool'
                ? chance(g, 0.5)
                : schema.kind === 'padding'
                  ? pick(g, [...schema.modes, 0, 1, 2])
                  : int(g, -1, 10);
      return replace({ ...node, params: { ...node.params, [schema.key]: value } });
    }
    case 'sameParams':
      return replace({ ...node });
    case 'rename':
      return replace({ ...node, name: `${node.name}_r` });
    case 'dropEdge':
      return edges.length ? { nodes, edges: edges.filter((_, j) => j !== int(g, 0, edges.length - 1)) } : graph;
    case 'addEdge': {
      const target = pick(g, nodes).id;
      return { nodes, edges: [...edges, { id: `x${edges.length}_${node.id}_${target}`, source: node.id, target }] };
    }
    case 'removeNode':
      return { nodes: nodes.filter((_, j) => j !== i), edges: edges.filter((e) => e.source !== node.id && e.target !== node.id) };
    default:
      return { nodes: [...nodes].reverse(), edges: [...edges].reverse() };
  }
}

// ---------------------------------------------------------------------------------------------------

/** ENGINE_PROPERTY_SCALE=10 (and ENGINE_PROPERTY_SEED=n|random) for a longer hunt than CI's. */
const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
const scale = Number(env.ENGINE_PROPERTY_SCALE) || 1;
const RUNS = Object.fromEntries(
  Object.entries({ garbage: 4000, structured: 2500, agree: 4000, reject: 2000, memo: 1000 }).map(([k, v]) => [k, Math.round(v * scale)]),
) as Record<'garbage' | 'structured' | 'agree' | 'reject' | 'memo', number>;
// A fixed seed by default, so CI is reproducible; ENGINE_PROPERTY_SEED=random (or a number) explores further.
const seed = env.ENGINE_PROPERTY_SEED === 'random' ? undefined : Number(env.ENGINE_PROPERTY_SEED) || 20_261_123;
const params = (numRuns: number) => ({ numRuns, ...(seed ? { seed } : {}) });

describe('property generators', () => {
  it('has a generator for every registered layer type, and none for a type the registry lacks', () => {
    expect(LAYER_SPECS.filter((s) => !isStructural(s) && !LAYER_CASES[s.type]).map((s) => s.type)).toEqual([]);
    expect(Object.keys(LAYER_CASES).filter((t) => !getLayerSpec(t))).toEqual([]);
  });

  it('draws each type only after inputs of a rank its spec accepts', () => {
    for (const [type, c] of Object.entries(LAYER_CASES)) {
      const accepted = getLayerSpec(type)!.inputRank;
      const ranks = Object.keys(c.ranks).map(Number);
      expect({ type, ranks: ranks.filter((r) => accepted !== 'any' && !accepted.includes(r)) }).toEqual({ type, ranks: [] });
      expect({ type, drawn: ranks.length > 0 }).toEqual({ type, drawn: true });
    }
  });

  it('gives a tfjs-specific reason only where the spec does not already say tfjs lacks the layer', () => {
    expect(
      Object.entries(LAYER_CASES)
        .filter(([t, c]) => c.tfjsDiffers && getLayerSpec(t)!.notInTfjs)
        .map(([t]) => t),
    ).toEqual([]);
  });
});

/** Layer types (b) compared with tfjs, for the check after it. */
const comparedTypes = new Set<string>();

describe('engine properties (vs tfjs-layers 4.22)', () => {
  beforeAll(async () => {
    tf.enableProdMode();
    await tf.setBackend('cpu');
  });

  it('(a) never throws, whatever the graph', () => {
    fc.assert(
      fc.property(garbageGraph, (graph) => {
        const a = analyzeGraph(graph);
        checkInvariants({ ...graph, nodes: graph.nodes.filter((n, i) => graph.nodes.findIndex((m) => m.id === n.id) === i) }, a);
        exportKerasModel(graph);
      }),
      params(RUNS.garbage),
    );
    fc.assert(
      fc.property(fc.gen(), (g) => {
        // Every layer kind, with mistakes, plus random extra edges (cycles, self-loops, joins).
        const graph = randomNetwork(g, false, 0.2);
        const extra = Array.from({ length: int(g, 0, 3) }, (_, i): GraphEdge => ({
          id: `extra${i}`,
          source: pick(g, graph.nodes).id,
          target: pick(g, graph.nodes).id,
        }));
        const noisy = { nodes: graph.nodes, edges: [...graph.edges, ...extra] };
        checkInvariants(noisy, analyzeGraph(noisy));
        exportKerasModel(noisy);
      }),
      params(RUNS.structured),
    );
  }, 120_000);

  it('(b) what the engine accepts, tfjs builds with the same shapes and parameter counts', async () => {
    const stats = { ok: 0, error: 0 };
    const compared = new Map<string, number>();
    let channelsFirst = 0;
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const graph = randomNetwork(g, true, 0);
        const analysis = analyzeGraph(graph);
        if (!analysis.ok) {
          stats.error++;
          return;
        }
        stats.ok++;
        for (const n of graph.nodes) compared.set(n.type, (compared.get(n.type) ?? 0) + 1);
        channelsFirst += graph.nodes.filter((n) => n.params.data_format === 'channels_first').length;
        try {
          await checkAgrees(graph, analysis);
        } finally {
          tf.disposeVariables();
        }
      }),
      params(RUNS.agree),
    );
    console.log(`(b) ${stats.ok + stats.error} networks: ${stats.ok} valid and compared with tfjs layer by layer, ${stats.error} rejected by the engine`);
    console.log(
      `(b) layers compared: ${[...compared]
        .sort((x, y) => y[1] - x[1])
        .map(([t, n]) => `${t} ${n}`)
        .join(', ')}`,
    );
    console.log(`(b) channels_first layers compared: ${channelsFirst}`);
    expect(channelsFirst).toBeGreaterThan(100);
    expect(stats.ok).toBeGreaterThan(RUNS.agree * 0.6);
    for (const type of compared.keys()) comparedTypes.add(type);
  }, 120_000);

  it('(b) compared every layer type tfjs can build with tfjs', () => {
    // Runs after (b), which fills comparedTypes; a type the generators never reach in tfjs mode fails here.
    const expected = LAYER_SPECS.map((s) => s.type).filter((t) => inTfjsMode(t));
    expect(expected.filter((t) => !comparedTypes.has(t))).toEqual([]);
  });

  it('(c) what the engine rejects, tfjs refuses too (where tfjs checks it)', async () => {
    const stats: Record<string, number> = { valid: 0 };
    await fc.assert(
      fc.asyncProperty(fc.gen(), async (g) => {
        const graph = randomNetwork(g, true, 0.25);
        const analysis = analyzeGraph(graph);
        if (analysis.ok) {
          stats.valid!++;
          return;
        }
        try {
          await checkRejected(graph, analysis, stats);
        } finally {
          tf.disposeVariables();
        }
      }),
      params(RUNS.reject),
    );
    console.log(`(c) ${RUNS.reject} networks: ${JSON.stringify(stats)}`);
    expect(stats.rejected ?? 0).toBeGreaterThan(RUNS.reject * 0.15);
  }, 120_000);

  it('(d) the memoizing analyzer equals a fresh analysis after every edit', () => {
    fc.assert(
      fc.property(fc.gen(), (g) => {
        let graph = randomNetwork(g, false, 0.1);
        const analyze = createAnalyzer();
        expect(analyze(graph)).toEqual(analyzeGraph(graph));
        for (let step = int(g, 1, 6); step > 0; step--) {
          graph = randomEdit(g, graph);
          expect(analyze(graph), describeGraph(graph)).toEqual(analyzeGraph(graph));
        }
      }),
      params(RUNS.memo),
    );
  }, 120_000);
});
