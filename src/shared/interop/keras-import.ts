/**
 * Model JSON → graph: opens a CNN Studio project, a Keras `model.to_json()` (Sequential or
 * Functional; tf.keras 2 and Keras 3 spellings) or a TensorFlow.js `model.json` (layers model; the
 * weights it lists are not loaded). Never throws: anything malformed is refused with a message that
 * says what is wrong and where (`model.json: layer "dense_3" refers to unknown input "foo"`).
 *
 * Layer params come from each registry entry's `fromKeras`; a layer type CNN Studio does not know
 * is kept as a node of that type (the analysis then flags it `unsupported-layer`) with its Keras
 * config in `params.keras_config`, so nothing in the file is silently dropped.
 */
import { getLayerSpec } from '../engine/registry';
import { NameAllocator } from '../graph/build';
import type { GraphEdge, GraphNode, LayerParams, NetworkGraph, ParamValue } from '../graph/graph';
import { HOMEWORK_FORMAT, parseHomework, type Homework } from '../homework/homework-file';
import { looksLikeProject, parseProject, type ProjectExtras } from '../project/project-file';
import { encodeTensor } from '../project/weights';
import { manifestFiles, readTfjsWeights } from './tfjs-weights';

export type ImportSource = 'project' | 'keras' | 'tfjs' | 'homework';

export type ImportResult =
  | {
      ok: true;
      graph: NetworkGraph;
      source: ImportSource;
      /** Things the file holds that the graph does not (weights, unsupported layers, ignored settings). */
      warnings: string[];
      /** The model's name as the file gives it (Keras `config.name`), when it has one. */
      name?: string;
      /** A project's training runs and trained weights. */
      extras?: ProjectExtras;
      /** A homework file: what is asked of its network (the network is `graph`). */
      homework?: Homework;
    }
  | { ok: false; error: string };

/** Same spacing as `GraphBuilder`, so imported graphs look like the templates. */
const ROW = 110;
const COLUMN = 240;

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

class ImportFailure extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One Keras layer, read from the file, before it becomes a node. */
interface RawLayer {
  className: string;
  /** The name the file gives (may be missing or clash; `id` is the unique one). */
  fileName: string | undefined;
  id: string;
  config: Json;
  /** File names of the layers feeding it, in order. */
  inputs: string[];
}

export function importModelJson(text: string, fileName: string, weightFiles: ReadonlyMap<string, ArrayBuffer> = new Map()): ImportResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `${fileName} is not valid JSON (${(e as Error).message}).` };
  }
  try {
    return importParsed(json, text, fileName, weightFiles);
  } catch (e) {
    if (e instanceof ImportFailure) return { ok: false, error: `${fileName}: ${e.message}` };
    return { ok: false, error: `${fileName}: could not be imported (${(e as Error).message}).` };
  }
}

function fail(message: string): never {
  throw new ImportFailure(message);
}

function importParsed(json: unknown, text: string, fileName: string, weightFiles: ReadonlyMap<string, ArrayBuffer>): ImportResult {
  if (!isObject(json)) {
    return fail(
      `expected a JSON object (a CNN Studio project, a Keras model JSON or a TensorFlow.js model.json), got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}.`,
    );
  }
  if (json.format === HOMEWORK_FORMAT) {
    const parsed = parseHomework(text, fileName);
    return parsed.ok ? { ok: true, graph: parsed.value.network, source: 'homework', warnings: [], homework: parsed.value } : { ok: false, error: parsed.error };
  }
  if (looksLikeProject(json)) {
    const parsed = parseProject(text, fileName);
    return parsed.ok
      ? { ok: true, graph: parsed.value.graph, source: 'project', warnings: [], extras: { runs: parsed.value.runs, trained: parsed.value.trained } }
      : { ok: false, error: parsed.error };
  }
  const warnings: string[] = [];
  if ('modelTopology' in json) {
    if (json.format === 'graph-model' || (isObject(json.modelTopology) && Array.isArray(json.modelTopology.node))) {
      fail(
        'this is a TensorFlow.js graph model (converted from a SavedModel or a frozen graph): it holds TensorFlow ops, not Keras layers. Convert the Keras model as a layers model instead (tensorflowjs_converter --input_format keras).',
      );
    }
    const topology = json.modelTopology;
    if (!isObject(topology)) fail('"modelTopology" must be an object holding the Keras model config.');
    const model = isObject((topology as Json).model_config) ? ((topology as Json).model_config as Json) : (topology as Json);
    const { graph, name } = importKerasModel(model, 'modelTopology', warnings);
    let extras: ProjectExtras | undefined;
    if (json.weightsManifest !== undefined) {
      const needed = manifestFiles(json.weightsManifest);
      if (needed.length && needed.every((f) => weightFiles.has(f))) {
        try {
          const weights = readTfjsWeights(json.weightsManifest, weightFiles, graph);
          extras = { runs: [], trained: { runId: 'imported', weights: weights.map(encodeTensor) } };
          warnings.push(`Imported the trained weights of ${new Set(weights.map((w) => w.nodeId)).size} layers from ${needed.join(', ')}.`);
        } catch (e) {
          warnings.push(`The weights were not imported: ${(e as Error).message}`);
        }
      } else {
        const what = needed.length === 1 ? `its weight file (${needed[0]})` : `its ${needed.length} weight files`;
        warnings.push(`Only the architecture was imported: to import the trained weights too, open the model file together with ${what}.`);
      }
    }
    return { ok: true, graph, source: 'tfjs', warnings, ...(name ? { name } : {}), ...(extras ? { extras } : {}) };
  }
  const model = isObject(json.model_config) ? (json.model_config as Json) : json;
  if (typeof model.class_name !== 'string') {
    return fail(
      'not a CNN Studio project (no "format": "cnn-studio-project"), a Keras model JSON (no "class_name") or a TensorFlow.js model.json (no "modelTopology").',
    );
  }
  const { graph, name } = importKerasModel(model, 'the model', warnings);
  return { ok: true, graph, source: 'keras', warnings, ...(name ? { name } : {}) };
}

/** A Keras model config (`{class_name, config}`) → graph. */
function importKerasModel(model: Json, where: string, warnings: string[]): { graph: NetworkGraph; name?: string } {
  const className = model.class_name;
  if (typeof className !== 'string') fail(`${where} has no "class_name" (expected "Sequential" or "Functional").`);
  if (!MODEL_CLASSES.has(className as string)) {
    fail(`${where} is a ${JSON.stringify(className)}, not a model: expected "Sequential" or "Functional" (or "Model").`);
  }
  const config = model.config;
  const name = isObject(config) && typeof config.name === 'string' ? config.name : undefined;
  if (className === 'Sequential') {
    // Keras ≤ 2.2 wrote the Sequential config as the bare list of layers.
    const layers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
    if (!Array.isArray(layers)) fail(`the Sequential model has no "config.layers" list.`);
    return { graph: sequentialLayers(layers as unknown[], isObject(config) ? config : {}, warnings), name };
  }
  if (!isObject(config) || !Array.isArray(config.layers)) fail(`the ${className} model has no "config.layers" list.`);
  return { graph: functionalLayers(config as Json, warnings), name };
}

/** Reads one entry of `config.layers`: class name, config, name. */
function readLayer(entry: unknown, index: number): { className: string; config: Json; name: string | undefined; entry: Json } {
  if (!isObject(entry)) fail(`layer #${index + 1} is not an object.`);
  const e = entry as Json;
  const rawName = typeof e.name === 'string' ? e.name : isObject(e.config) && typeof e.config.name === 'string' ? e.config.name : undefined;
  const label = rawName ? `layer "${rawName}"` : `layer #${index + 1}`;
  if (typeof e.class_name !== 'string' || e.class_name.length === 0) fail(`${label} has no "class_name".`);
  if (e.config !== undefined && !isObject(e.config)) fail(`${label} has a "config" that is not an object.`);
  const className = e.class_name as string;
  const config = (e.config ?? {}) as Json;
  if (MODEL_CLASSES.has(className) || Array.isArray(config.layers)) {
    fail(
      `${label} is a nested ${className} model; CNN Studio cannot import a model inside a model yet. Rebuild it in Keras with the inner layers used directly, then export again.`,
    );
  }
  if (className.length > 100) fail(`${label} has a class name longer than 100 characters.`);
  const name = rawName && rawName.length <= 200 ? rawName : undefined;
  return { className, config, name, entry: e };
}

/** Unique node ids: file names where free, Keras-style names for missing or clashing ones. */
function assignIds(layers: { className: string; name: string | undefined }[], warnings: string[]): string[] {
  const names = new NameAllocator();
  const seen = new Set<string>();
  const keep = layers.map((l) => {
    if (l.name === undefined || seen.has(l.name)) return false;
    seen.add(l.name);
    names.reserve(l.name);
    return true;
  });
  return layers.map((l, i) => {
    if (keep[i]) return l.name!;
    const id = names.next(l.className);
    if (l.name !== undefined) warnings.push(`Two layers are named "${l.name}"; the second one is renamed "${id}".`);
    return id;
  });
}

function sequentialLayers(entries: unknown[], config: Json, warnings: string[]): NetworkGraph {
  const read = entries.map((e, i) => readLayer(e, i));
  const ids = assignIds(read, warnings);
  const raw: RawLayer[] = read.map((l, i) => ({ className: l.className, fileName: l.name, id: ids[i]!, config: l.config, inputs: [] }));
  if (raw.length === 0 || raw[0]!.className !== 'InputLayer') {
    const first = raw[0];
    const fromLayer = first ? shapeFrom(first.config) : null;
    const fromBuild =
      shapeFrom({ batch_input_shape: config.build_input_shape }) ??
      (first && isObject(read[0]!.entry.build_config) ? shapeFrom({ batch_input_shape: (read[0]!.entry.build_config as Json).input_shape }) : null);
    const shape = fromLayer ?? fromBuild;
    if (shape) {
      const names = new NameAllocator(ids);
      raw.unshift({ className: 'InputLayer', fileName: undefined, id: names.next('InputLayer'), config: { batch_input_shape: [null, ...shape] }, inputs: [] });
    } else {
      warnings.push(
        `The Sequential model gives no input shape (no InputLayer, and ${first ? `its first layer "${first.id}" has no batch_input_shape` : 'it has no layers'}); add an Input layer to see shapes.`,
      );
    }
  }
  for (let i = 1; i < raw.length; i++) raw[i]!.inputs = [raw[i - 1]!.id];
  return buildGraph(raw, new Map(raw.map((l) => [l.id, l.id])), warnings);
}

function functionalLayers(config: Json, warnings: string[]): NetworkGraph {
  const read = (config.layers as unknown[]).map((e, i) => readLayer(e, i));
  const ids = assignIds(read, warnings);
  /** File name → id of the first layer with that name (references use file names). */
  const byFileName = new Map<string, string>();
  read.forEach((l, i) => {
    if (l.name !== undefined && !byFileName.has(l.name)) byFileName.set(l.name, ids[i]!);
  });
  const raw: RawLayer[] = read.map((l, i) => {
    const label = `layer "${l.name ?? ids[i]}"`;
    return { className: l.className, fileName: l.name, id: ids[i]!, config: l.config, inputs: inboundNames(l.entry.inbound_nodes, label, warnings) };
  });
  for (const layer of raw) {
    for (const input of layer.inputs) {
      if (!byFileName.has(input)) fail(`layer "${layer.fileName ?? layer.id}" refers to unknown input "${input}".`);
    }
  }
  const graph = buildGraph(raw, byFileName, warnings);
  checkModelEnds(config, byFileName, graph, warnings);
  return graph;
}

/** `input_layers` / `output_layers`: each entry must name a layer; an output that feeds other layers is noted. */
function checkModelEnds(config: Json, byFileName: Map<string, string>, graph: NetworkGraph, warnings: string[]): void {
  for (const key of ['input_layers', 'output_layers'] as const) {
    const value = config[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value)) fail(`"${key}" must be a list of [layer name, node index, tensor index].`);
    // Keras 3 writes a single input or output flat: ["input_layer", 0, 0].
    const refs = typeof value[0] === 'string' ? [value] : value;
    for (const ref of refs as unknown[]) {
      const name = Array.isArray(ref) ? ref[0] : isObject(ref) ? historyOf(ref)?.[0] : undefined;
      if (typeof name !== 'string') fail(`"${key}" has an entry that is not [layer name, node index, tensor index]: ${JSON.stringify(ref)}.`);
      const id = byFileName.get(name as string);
      if (!id) fail(`"${key}" refers to unknown layer "${name}".`);
      if (key === 'output_layers' && graph.edges.some((e) => e.source === id)) {
        warnings.push(`Output "${name}" also feeds other layers; CNN Studio treats only layers that feed nothing as outputs.`);
      }
    }
  }
}

const historyOf = (tensor: Json): unknown[] | undefined => {
  if (tensor.class_name !== '__keras_tensor__' || !isObject(tensor.config)) return undefined;
  const history = tensor.config.keras_history;
  return Array.isArray(history) ? history : undefined;
};

/**
 * The layers a Functional layer is called on. tf.keras 2: `[[["name", 0, 0, {}], …]]`; Keras 3:
 * `[{"args": [tensor | [tensor, …]], "kwargs": {}}]` with tensors `{"class_name": "__keras_tensor__",
 * "config": {"keras_history": ["name", 0, 0]}}`.
 */
function inboundNames(inbound: unknown, label: string, warnings: string[]): string[] {
  if (inbound === undefined || inbound === null) return [];
  if (!Array.isArray(inbound)) fail(`${label} has "inbound_nodes" that is not a list.`);
  const calls = inbound as unknown[];
  if (calls.length === 0) return [];
  // An old flat form: [["input_1", 0, 0], …] (one call, its tensors listed directly).
  const flat = calls.every((c) => Array.isArray(c) && typeof c[0] === 'string');
  if (!flat && calls.length > 1) {
    fail(`${label} is called ${calls.length} times (a shared layer); CNN Studio gives every layer its own weights and cannot import shared layers.`);
  }
  const refs: { name: unknown; node: unknown; tensor: unknown }[] = [];
  const call = flat ? calls : calls[0];
  if (Array.isArray(call)) {
    for (const ref of call) {
      if (!Array.isArray(ref) || typeof ref[0] !== 'string')
        fail(`${label} has an inbound entry that is not ["layer name", node index, tensor index, {…}]: ${JSON.stringify(ref)}.`);
      refs.push({ name: (ref as unknown[])[0], node: (ref as unknown[])[1], tensor: (ref as unknown[])[2] });
    }
  } else if (isObject(call)) {
    const collect = (value: unknown, into: unknown[][]) => {
      if (Array.isArray(value)) for (const v of value) collect(v, into);
      else if (isObject(value)) {
        const history = historyOf(value);
        if (history) into.push(history);
        else if (value.class_name !== '__keras_tensor__') for (const v of Object.values(value)) collect(v, into);
        else fail(`${label} has an input tensor without "keras_history".`);
      }
    };
    const fromArgs: unknown[][] = [];
    collect(call.args, fromArgs);
    const fromKwargs: unknown[][] = [];
    collect(call.kwargs, fromKwargs);
    if (fromKwargs.length > 0)
      warnings.push(
        `${capitalize(label)} takes tensors as keyword arguments (${fromKwargs.map((h) => JSON.stringify(h[0])).join(', ')}); those connections are not imported.`,
      );
    for (const history of fromArgs) {
      if (typeof history[0] !== 'string')
        fail(`${label} has an input tensor whose keras_history does not start with a layer name: ${JSON.stringify(history)}.`);
      refs.push({ name: history[0], node: history[1], tensor: history[2] });
    }
  } else {
    fail(`${label} has an inbound node that is neither a list (tf.keras 2) nor {"args", "kwargs"} (Keras 3): ${JSON.stringify(call)}.`);
  }
  for (const ref of refs) {
    if (typeof ref.tensor === 'number' && ref.tensor > 0) {
      warnings.push(
        `${capitalize(label)} uses output ${ref.tensor} of "${ref.name}"; CNN Studio layers have one output, so it is connected to that layer's output.`,
      );
    }
  }
  return refs.map((r) => r.name as string);
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Shape without the batch axis from `batch_input_shape` / `batch_shape` / `input_shape` / `shape`. */
function shapeFrom(config: Json): (number | null)[] | null {
  const batch = config.batch_input_shape ?? config.batch_shape;
  const list = Array.isArray(batch)
    ? batch.slice(1)
    : Array.isArray(config.input_shape)
      ? config.input_shape
      : Array.isArray(config.shape)
        ? config.shape
        : null;
  const items = isObject(batch) && Array.isArray(batch.items) ? batch.items.slice(1) : list; // TensorShape / __tuple__
  if (!items || items.length === 0 || !items.every((d: unknown) => d === null || (typeof d === 'number' && Number.isInteger(d)))) return null;
  return items as (number | null)[];
}

function buildGraph(raw: RawLayer[], byFileName: Map<string, string>, warnings: string[]): NetworkGraph {
  const byId = new Map(raw.map((l) => [l.id, l]));
  const inputsOf = (l: RawLayer) => l.inputs.map((name) => byFileName.get(name)!);

  // Topological order, stable on the file order; layers on a cycle are refused.
  const indegree = new Map(raw.map((l) => [l.id, l.inputs.length]));
  const consumers = new Map<string, string[]>();
  for (const l of raw) for (const source of inputsOf(l)) consumers.set(source, [...(consumers.get(source) ?? []), l.id]);
  const order: RawLayer[] = [];
  const ready = raw.filter((l) => l.inputs.length === 0).map((l) => l.id);
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(byId.get(id)!);
    for (const next of consumers.get(id) ?? []) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  if (order.length < raw.length) {
    const stuck = raw.filter((l) => !order.includes(l)).map((l) => `"${l.fileName ?? l.id}"`);
    fail(`layers ${stuck.join(', ')} feed each other in a loop, which a model cannot do.`);
  }

  const depth = new Map<string, number>();
  const column = new Map<number, number>();
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  for (const layer of order) {
    const sources = inputsOf(layer);
    const d = sources.length ? Math.max(...sources.map((s) => depth.get(s) ?? 0)) + 1 : 0;
    const col = column.get(d) ?? 0;
    column.set(d, col + 1);
    depth.set(layer.id, d);
    nodes.push({ id: layer.id, type: layer.className, name: layer.id, params: layerParams(layer, warnings), position: { x: col * COLUMN, y: d * ROW } });
    for (const source of sources) {
      let id = `e_${source}_${layer.id}`;
      for (let n = 1; edgeIds.has(id); n++) id = `e_${source}_${layer.id}_${n}`;
      edgeIds.add(id);
      edges.push({ id, source, target: layer.id });
    }
  }
  return { nodes, edges };
}

/** Keras spellings that differ from what `fromKeras` reads: tuples as objects, activations as objects. */
function normalizeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (!isObject(value)) return value;
  if ((value.class_name === '__tuple__' || value.class_name === 'TensorShape') && Array.isArray(value.items)) return value.items.map(normalizeValue);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalizeValue(v)]));
}

/** Activation as a name: Keras 3 may write `{"class_name": "function", "config": "relu"}`; tf.keras 2 advanced activations `{"class_name": "LeakyReLU"}`. */
export function kerasActivationName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) return undefined;
  if (typeof value.config === 'string') return value.config;
  if (isObject(value.config) && typeof value.config.name === 'string' && value.class_name === 'function') return value.config.name;
  if (typeof value.class_name === 'string' && value.class_name !== 'function') {
    const known: Record<string, string> = { ReLU: 'relu', LeakyReLU: 'leaky_relu', ELU: 'elu', Softmax: 'softmax', PReLU: 'prelu' };
    return known[value.class_name] ?? value.class_name.toLowerCase();
  }
  if (isObject(value.config) && typeof value.config.name === 'string') return value.config.name;
  return undefined;
}

function isParamValue(v: unknown): v is ParamValue {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (!Array.isArray(v)) return false;
  return (
    v.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
    v.every((x) => Array.isArray(x) && x.every((y) => typeof y === 'number' && Number.isFinite(y)))
  );
}

function layerParams(layer: RawLayer, warnings: string[]): LayerParams {
  const spec = getLayerSpec(layer.className);
  const label = `layer "${layer.id}"`;
  if (!spec) {
    warnings.push(
      `${capitalize(label)} is a ${layer.className}, which CNN Studio does not support; it is kept as a placeholder, so shapes after it are unknown.`,
    );
    return { keras_config: JSON.stringify(layer.config) };
  }
  const config = normalizeValue(layer.config) as Json;
  if ('activation' in config) {
    const name = kerasActivationName(config.activation);
    if (name === undefined && config.activation !== null && config.activation !== undefined) {
      warnings.push(`${capitalize(label)} has an activation CNN Studio cannot read (${JSON.stringify(config.activation)}); it is set to linear.`);
    }
    config.activation = name ?? 'linear';
  }
  if (layer.className === 'InputLayer') return inputParams(layer, config, warnings);
  noteIgnoredSettings(layer, config, warnings);
  const params: LayerParams = {};
  for (const [key, value] of Object.entries(spec.fromKeras?.(config) ?? {})) {
    if (isParamValue(value)) params[key] = value;
    else warnings.push(`${capitalize(label)}: ${key} = ${JSON.stringify(value)} cannot be read; the default is used.`);
  }
  return params;
}

function inputParams(layer: RawLayer, config: Json, warnings: string[]): LayerParams {
  const shape = shapeFrom(config);
  if (!shape) fail(`input layer "${layer.fileName ?? layer.id}" has no shape (expected "batch_input_shape" or "batch_shape" like [null, 28, 28, 1]).`);
  if (shape!.some((d) => d === null)) {
    warnings.push(
      `Input "${layer.id}" has sizes that are not fixed (None) in (${shape!.map((d) => d ?? 'None').join(', ')}); they are set to -1: enter fixed sizes to see shapes.`,
    );
  }
  return { shape: shape!.map((d) => d ?? -1) };
}

/** Settings our layers do not model but that change shapes or counts: say so rather than mislead. */
function noteIgnoredSettings(layer: RawLayer, config: Json, warnings: string[]): void {
  const label = `Layer "${layer.id}"`;
  const knowsFormat = getLayerSpec(layer.className)?.params.some((p) => p.key === 'data_format');
  if (config.data_format === 'channels_first' && !knowsFormat) {
    warnings.push(`${label} uses data_format "channels_first"; CNN Studio computes channels-last (H × W × C), so its shapes differ from Keras'.`);
  }
  if (config.keepdims === true) {
    warnings.push(`${label} uses keepdims = true; CNN Studio gives (C) instead of (1, 1, C).`);
  }
}
