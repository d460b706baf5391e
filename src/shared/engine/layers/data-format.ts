/**
 * Keras' `data_format` for spatial layers: 'channels_last' (…, C), the app's layout, or 'channels_first'
 * (C, …), as models written for GPUs (and tf.keras 2 / Keras 3 files converted from PyTorch) use. A
 * channels-first layer is the same arithmetic on its input with the channels moved to the end, so
 * `withDataFormat` wraps a channels-last spec: it moves the channels before and after `infer`, says so in
 * the trace and on the node face, and writes the format into every Keras layer the node exports.
 */
import type { LayerParams } from '../../graph/graph';
import type { KerasLayerJson, LayerSpec, ParamSchema, Shape } from '../types';

export const dataFormatParam: ParamSchema = {
  key: 'data_format',
  label: 'Data format',
  kind: 'enum',
  options: ['channels_last', 'channels_first'],
  default: 'channels_last',
  help: "Where the channels are: 'channels_last' (…, C), as TensorFlow and this app use, or 'channels_first' (C, …), as PyTorch and some imported Keras models do.",
};

const channelsFirst = (params: LayerParams) => params.data_format === 'channels_first';
/** (C, …) → (…, C). */
const toLast = (shape: Shape): Shape => [...shape.slice(1), shape[0]!];
/** (…, C) → (C, …). */
const toFirst = (shape: Shape): Shape => [shape.at(-1)!, ...shape.slice(0, -1)];

/** Sets the node's data_format on every exported layer that has one (and on a 1-D ZeroPadding a channels-first layer needs). */
function withFormat(layers: KerasLayerJson[], format: unknown): KerasLayerJson[] {
  if (format !== 'channels_first') return layers;
  return layers.map((l) =>
    'data_format' in l.config || l.class_name.startsWith('ZeroPadding') || l.class_name.startsWith('Cropping')
      ? { ...l, config: { ...l.config, data_format: format } }
      : l,
  );
}

/**
 * `spec` with a `data_format` param. `spatial` is the number of spatial axes: an output of rank
 * `spatial + 1` has its channels moved back to the front; a lower rank (global pooling's (C)) is kept.
 */
export function withDataFormat(spec: LayerSpec, spatial: number, opts: { tfjsIgnoresIt?: boolean } = {}): LayerSpec {
  return {
    ...spec,
    ...(opts.tfjsIgnoresIt
      ? {
          tfjsProblem: (p: LayerParams) =>
            channelsFirst(p)
              ? `uses data_format "channels_first", which TensorFlow.js's ${spec.type} ignores (it pools the last axis as channels). Use channels_last for training (a Permute (2, 1) before it turns (C, L) into (L, C)).`
              : spec.tfjsProblem?.(p),
        }
      : {}),
    params: [...spec.params, dataFormatParam],
    shortForm: (p) => `${spec.shortForm(p)}${channelsFirst(p) ? ' channels_first' : ''}`,
    infer: (input) => {
      if (!channelsFirst(input.params)) return spec.infer(input);
      const inputShape = input.inputShapes[0]!;
      const out = spec.infer({ ...input, inputShapes: input.inputShapes.map(toLast) });
      const shape = out.shape.length === spatial + 1 ? toFirst(out.shape) : out.shape;
      const layout = {
        label: 'layout',
        formula: 'channels_first: (C, …) computed as (…, C)',
        text: `(${inputShape.join(', ')}) → (${toLast(inputShape).join(', ')}) → (${out.shape.join(', ')}) → (${shape.join(', ')})`,
      };
      // No window: the receptive field follows channels-last inputs, so it is not shown for this layout.
      return { ...out, shape, trace: [layout, ...out.trace], window: undefined };
    },
    toKeras: (node, p) => withFormat(spec.toKeras(node, p), p.data_format),
    fromKeras: (c) => ({ ...(spec.fromKeras?.(c) ?? {}), ...(c.data_format === 'channels_first' ? { data_format: 'channels_first' } : {}) }),
    ...(spec.toPytorch
      ? {
          toPytorch: (ctx) =>
            channelsFirst(ctx.params)
              ? {
                  error:
                    'it uses data_format "channels_first", and the PyTorch export follows channels-last shapes; set its Data format to channels_last (the PyTorch module is channels-first either way)',
                }
              : spec.toPytorch!(ctx),
        }
      : {}),
  };
}
