/**
 * Graph → a self-contained PyTorch module (Python source). One generator over the registry: each layer
 * spec says, in `toPytorch`, what its child module is; this file only names, orders and wires them.
 *
 * The module's direct children are the app's layers in graph order, named after them; `forward` takes
 * PyTorch's layout ((N, C, H, W), (N, C, L), (N, F)); every child's output has the app's shape
 * (channels first) and its parameters plus float buffers count what Keras counts. `load_keras_weights`
 * takes Keras-layout arrays named `<layer>/<weight>` and `keras_init` applies Keras' initializers.
 */
import { analyzeGraph } from '../engine/analyze';
import { networkErrorText } from '../engine/summary';
import { channelsFirst, PYTORCH_HELPERS, py, pyTuple } from '../engine/layers/pytorch';
import { resolveParams } from '../engine/params';
import { getLayerSpec } from '../engine/registry';
import type { PytorchWeight } from '../engine/types';
import { NameAllocator } from '../graph/build';
import type { NetworkGraph } from '../graph/graph';

export type PytorchModule = { ok: true; code: string; layers: { nodeId: string; attr: string; lines: [number, number] }[] } | { ok: false; error: string };

const PYTHON_KEYWORDS =
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  );
/** Attributes of `nn.Module` (PyTorch 1.13) a child must not shadow, and the names the generated code uses. */
const MODULE_ATTRIBUTES =
  'T_destination add_module apply bfloat16 buffers children cpu cuda double dump_patches eval extra_repr float forward get_buffer get_extra_state get_parameter get_submodule half ipu load_state_dict modules named_buffers named_children named_modules named_parameters parameters register_backward_hook register_buffer register_forward_hook register_forward_pre_hook register_full_backward_hook register_load_state_dict_post_hook register_module register_parameter requires_grad_ set_extra_state share_memory state_dict to to_empty train training type xpu zero_grad'.split(
    ' ',
  );
const RESERVED = [...PYTHON_KEYWORDS, ...MODULE_ATTRIBUTES, 'self', 'x', 'torch', 'nn', 'F', 'math', 'super'];

/** A layer name as a Python identifier: non-identifier characters → `_`, no leading digit or underscore. */
export function pythonName(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (id === '' || /^[0-9_]/.test(id)) id = `layer_${id}`;
  return id;
}

const pyShape = (shape: readonly number[]) => pyTuple(shape);

/** Helpers the expressions name (a bare `Name(`, not `nn.Name(`), with what they need, in dependency order. */
function helpersUsed(expressions: string[]): string[] {
  const text = expressions.join('\n');
  const used: string[] = [];
  const visit = (name: string) => {
    if (used.includes(name)) return;
    for (const need of PYTORCH_HELPERS[name]!.needs ?? []) visit(need);
    used.push(name);
  };
  for (const name of Object.keys(PYTORCH_HELPERS)) if (new RegExp(`(?<![\\w.])${name}\\(`).test(text)) visit(name);
  return used;
}

const FOOTER = `def keras_init(model):
    """Keras' initializers: glorot_uniform kernels (fans from the Keras shape, as Keras computes them), zero biases, BatchNorm γ = 1, β = 0."""
    tensors = dict(model.named_parameters())
    tensors.update(model.named_buffers())
    with torch.no_grad():
        for path, _, shape, _, init in KERAS_WEIGHTS:
            tensor = tensors[path]
            if init == "glorot_uniform":
                receptive = math.prod(shape[:-2]) if len(shape) > 2 else 1
                fan_in, fan_out = shape[-2] * receptive, shape[-1] * receptive
                limit = math.sqrt(6.0 / (fan_in + fan_out))
                tensor.uniform_(-limit, limit)
            elif init == "ones":
                tensor.fill_(1.0)
            else:
                tensor.zero_()


def load_keras_weights(model, arrays, strict=True):
    """Copies Keras-layout arrays named "<layer name>/<weight name>" (e.g. "conv2d/kernel" of shape
    (kh, kw, Cin, Cout), "dense/kernel" (in, out), "batch_normalization/moving_mean") into the model,
    each turned into PyTorch's layout. strict: every weight of the network must be there."""
    tensors = dict(model.named_parameters())
    tensors.update(model.named_buffers())
    missing = [key for _, key, _, _, _ in KERAS_WEIGHTS if key not in arrays]
    if strict and missing:
        raise KeyError("missing Keras weights: " + ", ".join(missing))
    with torch.no_grad():
        for path, key, shape, axes, _ in KERAS_WEIGHTS:
            if key not in arrays:
                continue
            value = torch.as_tensor(arrays[key], dtype=torch.float32)
            if tuple(value.shape) != shape:
                raise ValueError(f"{key}: expected the Keras shape {shape}, got {tuple(value.shape)}")
            tensor = tensors[path]
            tensor.copy_(value.permute(*axes).reshape(tensor.shape))


def build_model():
    """The network with Keras' initial weights (and the fixed weights the project gives some layers)."""
    model = Net()
    if FIXED_WEIGHTS:
        load_keras_weights(model, {key: torch.tensor(values).reshape(shape) for key, (shape, values) in FIXED_WEIGHTS.items()}, strict=False)
    return model`;

export function generatePytorchModule(graph: NetworkGraph): PytorchModule {
  const analysis = analyzeGraph(graph);
  if (!analysis.ok) return { ok: false, error: networkErrorText(analysis) };
  const nodesById = new Map(graph.nodes.map((n) => [n.id, n]));
  const names = new NameAllocator(RESERVED);
  const attrOf = new Map<string, string>();
  interface Child {
    nodeId: string;
    attr: string;
    type: string;
    module: string;
    merge: boolean;
    weights: PytorchWeight[];
    layerName: string;
  }
  const children: Child[] = [];
  for (const id of analysis.order) {
    const node = nodesById.get(id)!;
    const info = analysis.nodes[id]!;
    const spec = getLayerSpec(node.type)!;
    const attr = names.unique(pythonName(node.name));
    attrOf.set(id, attr);
    if (!spec.toPytorch) return { ok: false, error: `Layer "${node.name}" (${node.type}) has no PyTorch form in this exporter.` };
    const { params } = resolveParams(spec.params, node);
    const inputShapes = info.inputIds.map((i) => analysis.nodes[i]!.shape!);
    let result;
    try {
      result = spec.toPytorch({ node, params, inputShapes, outputShape: info.shape! });
    } catch (e) {
      return { ok: false, error: `Layer "${node.name}" (${node.type}) cannot be written in PyTorch: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (result === null) continue;
    if ('error' in result) return { ok: false, error: `Layer "${node.name}" (${node.type}) cannot be written in PyTorch: ${result.error}.` };
    children.push({ nodeId: id, attr, type: node.type, module: result.module, merge: !!result.merge, weights: result.weights ?? [], layerName: node.name });
  }

  const lines: string[] = [];
  const emit = (...more: string[]) => lines.push(...more.flatMap((m) => m.split('\n')));
  const inputs = analysis.inputIds;
  emit(
    '"""',
    `CNN Studio network as a PyTorch module: ${children.length} layer${children.length === 1 ? '' : 's'}, ${analysis.totals.params.toLocaleString('en-US')} parameters (Keras count).`,
    '',
    "Layout is PyTorch's, channels first: (N, C, H, W) images, (N, C, L) sequences, (N, F) vectors. Each",
    "child of Net is one layer of the app, named after it, with the app's output shape (LAYER_SHAPES) and",
    "parameter count (LAYER_PARAMS; parameters + float buffers, BatchNorm's running statistics included).",
    'Generated by CNN Studio; it needs only PyTorch.',
    '"""',
    'import math',
    '',
    'import torch',
    'import torch.nn as nn',
    'import torch.nn.functional as F',
    '',
  );
  for (const name of helpersUsed(children.map((c) => c.module))) emit('', PYTORCH_HELPERS[name]!.code, '');
  emit('', 'class Net(nn.Module):', '    def __init__(self):', '        super().__init__()');
  const layers: { nodeId: string; attr: string; lines: [number, number] }[] = [];
  for (const c of children) {
    const info = analysis.nodes[c.nodeId]!;
    const start = lines.length + 1;
    emit(`        # ${c.layerName}: ${c.type} → ${pyShape(channelsFirst(info.shape!))}, ${info.params.total.toLocaleString('en-US')} parameters`);
    emit(`        self.${c.attr} = ${c.module}`);
    layers.push({ nodeId: c.nodeId, attr: c.attr, lines: [start, lines.length] });
  }
  emit('        keras_init(self)', '');
  const inputNames = inputs.map((i) => attrOf.get(i)!);
  emit('    def forward(self, x):');
  emit(inputNames.length === 1 ? `        ${inputNames[0]} = x` : `        ${inputNames.join(', ')} = x`);
  for (const c of children) {
    const args = analysis.nodes[c.nodeId]!.inputIds.map((i) => attrOf.get(i)!);
    emit(`        ${c.attr} = self.${c.attr}(${c.merge ? `[${args.join(', ')}]` : args[0]})`);
  }
  const outputs = analysis.outputIds.map((o) => attrOf.get(o)!);
  emit(`        return ${outputs.length === 1 ? outputs[0] : `(${outputs.join(', ')})`}`, '', '');

  const dict = (entries: [string, string][]) => (entries.length ? ['{', ...entries.map(([k, v]) => `    ${py(k)}: ${v},`), '}'].join('\n') : '{}');
  emit(`# The network's input(s), channels first, without the batch axis.`);
  emit(`INPUT_SHAPES = [${inputs.map((i) => pyShape(channelsFirst(analysis.nodes[i]!.shape!))).join(', ')}]`);
  emit(`# Each layer's output shape as the app computes it, channels first, without the batch axis.`);
  emit(`LAYER_SHAPES = ${dict(children.map((c) => [c.attr, pyShape(channelsFirst(analysis.nodes[c.nodeId]!.shape!))]))}`);
  emit(`# Each layer's parameter count as Keras counts it (trainable + non-trainable).`);
  emit(`LAYER_PARAMS = ${dict(children.map((c) => [c.attr, py(analysis.nodes[c.nodeId]!.params.total)]))}`);
  emit(`# (tensor in the model, Keras weight "<layer>/<weight>", its Keras shape, axes from Keras' layout to PyTorch's, Keras initializer)`);
  const weightRows = children.flatMap((c) =>
    c.weights.map((w) => {
      const axes = w.permute ?? w.shape.map((_, i) => i);
      return `    (${py(`${c.attr}.${w.torch}`)}, ${py(`${c.layerName}/${w.keras}`)}, ${pyTuple(w.shape)}, ${pyTuple(axes)}, ${py(w.init)}),`;
    }),
  );
  emit(weightRows.length ? ['KERAS_WEIGHTS = [', ...weightRows, ']'].join('\n') : 'KERAS_WEIGHTS = []');
  const fixed: [string, string][] = [];
  for (const c of children) {
    for (const [weight, value] of Object.entries(nodesById.get(c.nodeId)!.weights ?? {})) {
      fixed.push([`${c.layerName}/${weight}`, `(${pyTuple(value.shape)}, [${value.values.map((v) => py(v)).join(', ')}])`]);
    }
  }
  emit(`# Weights the project fixes (a hand-written kernel), Keras layout, row-major.`);
  emit(`FIXED_WEIGHTS = ${dict(fixed)}`, '', '');
  emit(FOOTER);
  return { ok: true, code: lines.join('\n') + '\n', layers };
}
