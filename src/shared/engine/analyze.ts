/**
 * Graph analysis: every node's output shape, parameter counts, MACs, activation memory, receptive
 * field and arithmetic trace, plus diagnostics pinned to nodes and edges. Never throws: any problem
 * becomes a diagnostic, and layers downstream of an error are marked `blocked` by it instead of
 * showing numbers computed from junk.
 */
import type { GraphEdge, GraphNode, LayerParams, NetworkGraph } from '../graph/graph';
import { fmtInt, shapeText } from './format';
import { resolveParams } from './params';
import { getLayerSpec, isSourceType } from './registry';
import type { Diagnostic, InferOutput, LayerFamily, LayerSpec, ParamCount, ReceptiveField, Shape, TraceLine } from './types';

export type NodeStatus = 'ok' | 'error' | 'blocked';

export interface NodeAnalysis {
  id: string;
  name: string;
  type: string;
  family: LayerFamily;
  status: NodeStatus;
  /** For `blocked`: the upstream node whose error this one waits on. */
  blockedBy?: string;
  shape?: Shape;
  params: ParamCount & { total: number };
  macs: number;
  /** Bytes of this layer's output for one sample (float32). */
  activationBytes: number;
  receptiveField?: ReceptiveField;
  trace: TraceLine[];
  diagnostics: Diagnostic[];
  /** `32@3×3 s1 same relu`. */
  shortForm: string;
  /** Pooling layers on the longest path into (and including) this node. */
  poolings: number;
  inputIds: string[];
}

export interface GraphAnalysis {
  /** Node ids, inputs before their consumers (nodes on cycles last). */
  order: string[];
  nodes: Record<string, NodeAnalysis>;
  /** Every diagnostic: graph-level ones (no nodeId) and the nodes' and edges'. */
  diagnostics: Diagnostic[];
  totals: { params: number; trainable: number; nonTrainable: number; macs: number; activationBytes: number };
  /** No error anywhere. */
  ok: boolean;
  inputIds: string[];
  outputIds: string[];
}

const BYTES_PER_VALUE = 4;
const product = (shape: Shape) => shape.reduce((a, b) => a * b, 1);
const noParams = { trainable: 0, nonTrainable: 0, total: 0 };

function blank(node: GraphNode, family: LayerFamily, inputIds: string[]): NodeAnalysis {
  return {
    id: node.id,
    name: node.name,
    type: node.type,
    family,
    status: 'ok',
    params: noParams,
    macs: 0,
    activationBytes: 0,
    trace: [],
    diagnostics: [],
    shortForm: '',
    poolings: 0,
    inputIds,
  };
}

/**
 * Spatial size of the network input a node's values come from: followed back through first inputs.
 * Depends only on the node's upstream results, so memoized results stay valid (a global lookup such
 * as "the first Input in the graph" would not be part of a node's cache key).
 */
function sourceInputSize(start: NodeAnalysis, lookup: (id: string) => NodeAnalysis | undefined): number[] | undefined {
  let node: NodeAnalysis | undefined = start;
  for (let steps = 0; node && steps < 1_000_000; steps++) {
    if (isSourceType(node.type)) return node.shape?.slice(0, -1);
    node = node.inputIds.length ? lookup(node.inputIds[0]!) : undefined;
  }
  return undefined;
}

/** Receptive field of a node from its inputs' fields and its own window. */
function receptiveField(
  node: NodeAnalysis,
  inputs: NodeAnalysis[],
  out: InferOutput,
  lookup: (id: string) => NodeAnalysis | undefined,
): ReceptiveField | undefined {
  if (isSourceType(node.type)) {
    const axes = Math.max(0, (node.shape?.length ?? 1) - 1);
    return axes === 0 ? undefined : { size: Array(axes).fill(1), jump: Array(axes).fill(1), start: Array(axes).fill(0), global: false };
  }
  const withField = inputs.filter((i) => i.receptiveField !== undefined);
  if (withField.length === 0) return undefined;
  // Merges: the widest branch decides (a position sees the union of what each branch sees).
  const from = withField.reduce((a, b) => {
    const fa = a.receptiveField!;
    const fb = b.receptiveField!;
    return (fb.global && !fa.global) || (!fa.global && !fb.global && fb.size[0]! > fa.size[0]!) ? b : a;
  });
  const base = from.receptiveField!;
  if (base.global) return base;
  if (out.mixesAllPositions) {
    return { size: sourceInputSize(from, lookup) ?? base.size, jump: base.jump, start: base.start, global: true };
  }
  const w = out.window;
  if (!w || w.kernel.length !== base.size.length) return base;
  const size: number[] = [];
  const jump: number[] = [];
  const start: number[] = [];
  base.size.forEach((r, i) => {
    const j = base.jump[i]!;
    const dk = (w.kernel[i]! - 1) * w.dilation[i]! + 1;
    if (w.transposed) {
      // Each output sees ⌈dk/s⌉ inputs; positions move s times closer on the input.
      size.push(r + (Math.ceil(dk / w.stride[i]!) - 1) * j);
      jump.push(j / w.stride[i]!);
      start.push(base.start[i]! - w.padBefore[i]! * (j / w.stride[i]!));
    } else {
      size.push(r + (dk - 1) * j);
      jump.push(j * w.stride[i]!);
      start.push(base.start[i]! + ((dk - 1) / 2 - w.padBefore[i]!) * j);
    }
  });
  return { size, jump, start, global: false };
}

function rankName(rank: number): string {
  return rank === 4
    ? 'a D × H × W × C volume'
    : rank === 3
      ? 'an H × W × C image'
      : rank === 2
        ? 'an L × C sequence'
        : rank === 1
          ? 'a flat vector'
          : `a rank-${rank} tensor`;
}

function rankAdvice(type: string, expected: number[], actual: number, upstream: NodeAnalysis): string {
  if (expected.includes(3) && actual === 1) {
    return upstream.type === 'Flatten'
      ? `Move ${type} before the Flatten, or remove the Flatten.`
      : `Feed ${type} from a convolution or pooling layer, or add a Reshape to H × W × C first.`;
  }
  if (expected.includes(1) && actual > 1) return 'Add a Flatten or GlobalAveragePooling2D before it.';
  return `Add a Reshape so the input becomes ${rankName(expected[0]!)}.`;
}

export interface Analyzer {
  (graph: NetworkGraph): GraphAnalysis;
}

/**
 * The graph's wiring, which a parameter edit or a rename leaves as it was: node ids (first occurrence of
 * each), every node's incoming connections, the topological order and what sits on a cycle. Kept while the
 * graph's edges array and its node ids are the same, so a warm edit does not redo Kahn's algorithm.
 */
interface Topology {
  edges: readonly GraphEdge[];
  ids: string[];
  /** Where each id first occurs in `graph.nodes` (later nodes with the same id are duplicates). */
  index: Map<string, number>;
  duplicates: string[];
  /** Connections that are dropped from the analysis, in the graph's order. */
  badEdges: { edge: GraphEdge; kind: 'dangling' | 'self' }[];
  incoming: Map<string, GraphEdge[]>;
  /** Each node's incoming connection ids, as one string (a memoized result's key). */
  edgeKeys: Map<string, string>;
  order: string[];
  cyclic: string[];
  /** Nodes whose output feeds another. */
  consumed: Set<string>;
}

const NO_EDGES: GraphEdge[] = [];

function sameIds(ids: readonly string[], nodes: readonly GraphNode[]): boolean {
  if (ids.length !== nodes.length) return false;
  for (let i = 0; i < ids.length; i++) if (ids[i] !== nodes[i]!.id) return false;
  return true;
}

function graphTopology(graph: NetworkGraph): Topology {
  const ids = graph.nodes.map((n) => n.id);
  const index = new Map<string, number>();
  const duplicates: string[] = [];
  ids.forEach((id, i) => {
    if (index.has(id)) duplicates.push(id);
    else index.set(id, i);
  });
  const badEdges: Topology['badEdges'] = [];
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, string[]>();
  const consumed = new Set<string>();
  for (const edge of graph.edges) {
    if (!index.has(edge.source) || !index.has(edge.target)) {
      badEdges.push({ edge, kind: 'dangling' });
      continue;
    }
    if (edge.source === edge.target) {
      badEdges.push({ edge, kind: 'self' });
      continue;
    }
    consumed.add(edge.source);
    const into = incoming.get(edge.target);
    if (into) into.push(edge);
    else incoming.set(edge.target, [edge]);
    const out = outgoing.get(edge.source);
    if (out) out.push(edge.target);
    else outgoing.set(edge.source, [edge.target]);
  }
  // Kahn's algorithm; whatever is left sits on (or behind) a cycle.
  const indegree = new Map<string, number>([...index.keys()].map((id) => [id, incoming.get(id)?.length ?? 0]));
  const queue = [...index.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    order.push(id);
    for (const next of outgoing.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  const placed = new Set(order);
  const cyclic = [...index.keys()].filter((id) => !placed.has(id));
  const edgeKeys = new Map<string, string>();
  for (const [id, edges] of incoming) edgeKeys.set(id, edges.map((e) => e.id).join('|'));
  return { edges: graph.edges, ids, index, duplicates, badEdges, incoming, edgeKeys, order, cyclic, consumed };
}

/** What a layer's own settings decide, whatever its inputs: its resolved parameters, their problems and its short form. */
interface OwnPart {
  params: LayerParams;
  diagnostics: Diagnostic[];
  shortForm: string;
}

/** Per node object (nodes are never mutated: an edit makes a new one), so a layer downstream of an edit resolves nothing again. */
const ownParts = new WeakMap<GraphNode, OwnPart>();

function ownPart(node: GraphNode, spec: LayerSpec): OwnPart {
  let part = ownParts.get(node);
  if (part) return part;
  const pin = (d: Omit<Diagnostic, 'nodeId'>): Diagnostic => ({ ...d, nodeId: node.id });
  const { params, problems } = resolveParams(spec.params, node);
  const diagnostics = problems.map(pin);
  let shortForm = '';
  if (problems.length === 0) {
    shortForm = spec.shortForm(params).trim();
    diagnostics.push(...(spec.validate?.(params) ?? []).map(pin));
  }
  part = { params, diagnostics, shortForm };
  ownParts.set(node, part);
  return part;
}

/**
 * An analyzer that remembers its last results: a node whose object, inputs and input results are
 * unchanged is not recomputed, so a single edit costs only the edited node and what depends on it;
 * the wiring is kept while the connections and node ids are (see `Topology`).
 */
export function createAnalyzer(): Analyzer {
  let cache = new Map<string, { node: GraphNode; inputs: NodeAnalysis[]; edges: string; result: NodeAnalysis }>();
  let topo: Topology | null = null;

  return (graph) => {
    if (!topo || topo.edges !== graph.edges || !sameIds(topo.ids, graph.nodes)) topo = graphTopology(graph);
    const { index, incoming, edgeKeys, consumed } = topo;
    const nodeOf = (id: string) => graph.nodes[index.get(id)!]!;
    const diagnostics: Diagnostic[] = [];
    for (const id of topo.duplicates) {
      diagnostics.push({
        code: 'duplicate-id',
        severity: 'error',
        message: `Two layers share the id "${id}".`,
        fix: 'Delete one of them.',
        nodeId: id,
      });
    }
    for (const { edge, kind } of topo.badEdges) {
      diagnostics.push(
        kind === 'dangling'
          ? {
              code: 'dangling-edge',
              severity: 'error',
              message: `A connection points to a layer that does not exist (${edge.source} → ${edge.target}).`,
              fix: 'Delete the connection.',
              edgeId: edge.id,
            }
          : {
              code: 'cycle',
              severity: 'error',
              message: `"${nodeOf(edge.source).name}" is connected to itself.`,
              fix: 'Delete the connection: a layer cannot feed its own input.',
              nodeId: edge.source,
              edgeId: edge.id,
            },
      );
    }

    // No prototype: any id is an own key, even one such as `__proto__` (a plain object would swallow it).
    const results: Record<string, NodeAnalysis> = Object.create(null);
    const lookup = (id: string) => results[id];
    const nextCache = new Map<string, { node: GraphNode; inputs: NodeAnalysis[]; edges: string; result: NodeAnalysis }>();
    const order = [...topo.order];

    for (const id of order) {
      const node = nodeOf(id);
      const edges = incoming.get(id) ?? NO_EDGES;
      const inputs = edges.map((e) => results[e.source]!);
      const edgeKey = edgeKeys.get(id) ?? '';
      const cached = cache.get(id);
      if (
        cached &&
        cached.node === node &&
        cached.edges === edgeKey &&
        cached.inputs.length === inputs.length &&
        cached.inputs.every((r, i) => r === inputs[i])
      ) {
        results[id] = cached.result;
        nextCache.set(id, cached);
        continue;
      }
      const result = analyzeNode(node, edges, inputs, lookup);
      results[id] = result;
      nextCache.set(id, { node, inputs, edges: edgeKey, result });
    }
    for (const id of topo.cyclic) {
      const node = nodeOf(id);
      const spec = getLayerSpec(node.type);
      results[id] = {
        ...blank(
          node,
          spec?.family ?? 'unsupported',
          (incoming.get(id) ?? []).map((e) => e.source),
        ),
        status: 'error',
        diagnostics: [
          {
            code: 'cycle',
            severity: 'error',
            message: `"${node.name}" is on a loop: its output flows back into its own input.`,
            fix: 'Delete one of the connections that closes the loop.',
            nodeId: id,
          },
        ],
      };
      order.push(id);
    }
    cache = nextCache;

    let hasSource = false;
    for (const id of index.keys()) if (isSourceType(nodeOf(id).type)) hasSource = true;
    if (!hasSource) {
      diagnostics.push({
        code: 'no-input',
        severity: 'error',
        message: 'The network has no Input layer, so no shape can be computed.',
        fix: 'Add an Input layer from the palette and connect it to the first layer.',
      });
    }

    // Keras needs unique layer names. A clash is pinned on the later layer; its shape stays valid.
    const firstWithName = new Map<string, string>();
    for (const id of order) {
      const name = nodeOf(id).name;
      const first = firstWithName.get(name);
      if (first === undefined) {
        firstWithName.set(name, id);
        continue;
      }
      const r = results[id]!;
      results[id] = {
        ...r,
        diagnostics: [
          ...r.diagnostics,
          {
            code: 'duplicate-name',
            severity: 'error',
            nodeId: id,
            param: 'name',
            message: `Another layer is already called "${name}"; Keras needs every layer name to be unique.`,
            fix: 'Rename one of them.',
          },
        ],
      };
    }

    const totals = { params: 0, trainable: 0, nonTrainable: 0, macs: 0, activationBytes: 0 };
    for (const id of order) {
      const r = results[id]!;
      for (const d of r.diagnostics) diagnostics.push(d);
      totals.trainable += r.params.trainable;
      totals.nonTrainable += r.params.nonTrainable;
      totals.macs += r.macs;
      totals.activationBytes += r.activationBytes;
    }
    totals.params = totals.trainable + totals.nonTrainable;

    const inputIds = order.filter((id) => isSourceType(nodeOf(id).type));
    const outputIds = order.filter((id) => !consumed.has(id) && !isSourceType(nodeOf(id).type));
    for (const id of inputIds) {
      if (!consumed.has(id) && index.size > 1) {
        diagnostics.push({
          code: 'unused-input',
          severity: 'warning',
          message: `Input "${nodeOf(id).name}" is not connected to anything.`,
          fix: 'Connect it to the first layer, or delete it.',
          nodeId: id,
        });
      }
    }
    return { order, nodes: results, diagnostics, totals, ok: !diagnostics.some((d) => d.severity === 'error'), inputIds, outputIds };
  };
}

function analyzeNode(node: GraphNode, edges: GraphEdge[], inputs: NodeAnalysis[], lookup: (id: string) => NodeAnalysis | undefined): NodeAnalysis {
  const spec = getLayerSpec(node.type);
  const inputIds = edges.map((e) => e.source);
  const poolings = Math.max(0, ...inputs.map((i) => i.poolings)) + (spec?.family === 'pooling' ? 1 : 0);
  if (!spec) {
    return {
      ...blank(node, 'unsupported', inputIds),
      status: 'error',
      poolings,
      diagnostics: [
        {
          code: 'unsupported-layer',
          severity: 'error',
          nodeId: node.id,
          message: `"${node.name}" is a ${node.type} layer, which CNN Studio does not support yet; its output shape is unknown.`,
          fix: 'Replace it with a supported layer, or delete it and reconnect its neighbours.',
        },
      ],
    };
  }
  const result = blank(node, spec.family, inputIds);
  result.poolings = poolings;
  const pin = (d: Omit<Diagnostic, 'nodeId'>): Diagnostic => ({ ...d, nodeId: node.id });
  const own = ownPart(node, spec);
  const { params } = own;
  result.diagnostics.push(...own.diagnostics);
  result.shortForm = own.shortForm;

  if (inputs.length > spec.inputs.max) {
    result.diagnostics.push(
      pin({
        code: 'too-many-inputs',
        severity: 'error',
        message:
          spec.inputs.max === 0
            ? `An Input layer takes no incoming connections, but ${inputs.length} ${inputs.length === 1 ? 'is' : 'are'} connected.`
            : `${spec.type} takes ${spec.inputs.max === 1 ? 'one input' : `at most ${spec.inputs.max} inputs`}, but ${inputs.length} are connected (${inputs.map((i) => i.name).join(', ')}).`,
        fix:
          spec.inputs.max === 1 ? 'Join the branches first with an Add or Concatenate layer, or remove the extra connection.' : 'Remove the extra connections.',
        edgeId: edges[spec.inputs.max]?.id,
      }),
    );
  } else if (inputs.length < spec.inputs.min) {
    result.diagnostics.push(
      pin({
        code: 'missing-input',
        severity: 'error',
        message:
          spec.inputs.min === 1
            ? `"${node.name}" has no input connected.`
            : `${spec.type} joins ${spec.inputs.min} or more inputs, but ${inputs.length} ${inputs.length === 1 ? 'is' : 'are'} connected.`,
        fix:
          spec.inputs.min === 1
            ? 'Connect the output of an earlier layer (or the Input) to it.'
            : `Connect ${spec.inputs.min - inputs.length} more branch${spec.inputs.min - inputs.length > 1 ? 'es' : ''} to it.`,
      }),
    );
  }
  if (result.diagnostics.some((d) => d.severity === 'error')) return { ...result, status: 'error' };

  const waiting = inputs.find((i) => i.status !== 'ok');
  if (waiting) {
    const blockedBy = waiting.status === 'blocked' ? waiting.blockedBy! : waiting.id;
    return { ...result, status: 'blocked', blockedBy };
  }

  const inputShapes = inputs.map((i) => i.shape!);
  if (spec.inputRank !== 'any') {
    const bad = inputs.findIndex((i) => !(spec.inputRank as number[]).includes(i.shape!.length));
    if (bad >= 0) {
      const upstream = inputs[bad]!;
      const expected = spec.inputRank;
      return {
        ...result,
        status: 'error',
        diagnostics: [
          pin({
            code: 'rank-mismatch',
            severity: 'error',
            edgeId: edges[bad]!.id,
            message: `${spec.type} expects ${rankName(expected[0]!)} (rank ${expected[0]}), but "${upstream.name}" gives (${upstream.shape!.join(', ')}), rank ${upstream.shape!.length}.`,
            fix: rankAdvice(spec.type, expected, upstream.shape!.length, upstream),
          }),
        ],
      };
    }
  }

  let out: InferOutput;
  try {
    out = spec.infer({ node, params, inputShapes, poolingsUpstream: Math.max(0, ...inputs.map((i) => i.poolings)) });
  } catch (e) {
    return {
      ...result,
      status: 'error',
      diagnostics: [
        pin({
          code: 'internal-error',
          severity: 'error',
          message: `Could not compute "${node.name}": ${(e as Error).message}`,
          fix: 'Check its parameters; please report this as a bug.',
        }),
      ],
    };
  }
  const diagnostics = (out.diagnostics ?? []).map(pin);
  if (!diagnostics.some((d) => d.severity === 'error') && out.shape.some((d) => !(d > 0) || !Number.isFinite(d))) {
    diagnostics.push(
      pin({
        code: 'size-zero',
        severity: 'error',
        message: `The output would be ${shapeText(out.shape)}: a size shrank to ${Math.min(...out.shape)}.`,
        fix: "Use padding 'same', smaller kernels or strides, or fewer downsampling layers before it.",
      }),
    );
  }
  const failed = diagnostics.some((d) => d.severity === 'error');
  result.status = failed ? 'error' : 'ok';
  result.diagnostics.push(...diagnostics);
  // A failed layer keeps the lines that show why (its sizes, its weights) but not figures computed from a broken shape.
  result.trace = failed ? out.trace.filter((t) => t.label !== 'MACs') : out.trace;
  if (failed) return result;
  result.shape = out.shape;
  result.params = { ...out.params, total: out.params.trainable + out.params.nonTrainable };
  result.macs = out.macs;
  result.activationBytes = product(out.shape) * BYTES_PER_VALUE;
  result.receptiveField = receptiveField(result, inputs, out, lookup);
  if (result.receptiveField && !result.receptiveField.global && spec.family !== 'input' && out.window) {
    const rf = result.receptiveField;
    result.trace.push({
      label: 'receptive field',
      formula: "r' = r + (dk − 1)·j; j' = j·s",
      text: `${rf.size.join('×')} px, jump ${rf.jump.join('×')}, start ${rf.start.join(', ')}`,
    });
  }
  if (result.params.total > 0 && !result.trace.some((t) => t.label === 'params')) {
    result.trace.push({ label: 'params', formula: 'total', text: fmtInt(result.params.total) });
  }
  return result;
}

/** One-shot analysis (no memory between calls). */
export function analyzeGraph(graph: NetworkGraph): GraphAnalysis {
  return createAnalyzer()(graph);
}
