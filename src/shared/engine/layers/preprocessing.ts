/** Preprocessing and augmentation layers: most keep the shape; Resizing and the crops change it. */
import type { LayerParams } from '../../graph/graph';
import { num } from '../params';
import type { LayerSpec, ParamSchema } from '../types';
import { kerasBase } from './common';
import { assemble, py } from './pytorch';

/** The augmentation layers: TensorFlow.js 4.22 has none of them. */
const augmentation = (spec: LayerSpec): LayerSpec => ({ ...spec, notInTfjs: `TensorFlow.js 4.22 has no ${spec.type} layer` });

function shapeKeeping(type: string, summary: string, params: ParamSchema[], short: (p: LayerParams) => string): LayerSpec {
  return {
    type,
    family: 'preprocessing',
    summary,
    docs: `${summary} No trainable parameters; augmentation is active only while training.`,
    params,
    inputs: { min: 1, max: 1 },
    inputRank: 'any',
    shortForm: short,
    infer: ({ inputShapes }) => ({ shape: [...inputShapes[0]!], params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace: [] }),
    toKeras: (node, p) => [{ class_name: type, config: { ...kerasBase(node), ...Object.fromEntries(params.map((s) => [s.key, p[s.key]])) } }],
    // A helper of the same name, taking the same arguments (augmentations act only in training mode, as in Keras).
    toPytorch: ({ params: p }) => assemble([`${type}(${params.map((s) => py(p[s.key] as number | string)).join(', ')})`]),
    fromKeras: (c) =>
      Object.fromEntries(params.filter((s) => typeof c[s.key] === typeof s.default && c[s.key] !== undefined).map((s) => [s.key, c[s.key] as never])),
  };
}

const factor = (key: string, label: string, fallback: number, help: string): ParamSchema => ({
  key,
  label,
  kind: 'float',
  min: 0,
  max: 1,
  default: fallback,
  help,
});

export const rescaling = shapeKeeping(
  'Rescaling',
  'Multiplies by scale and adds offset, e.g. 1/255 to map pixels to [0, 1].',
  [
    { key: 'scale', label: 'Scale', kind: 'float', default: 1 / 255, help: 'Multiplier, e.g. 0.00392 = 1/255.' },
    { key: 'offset', label: 'Offset', kind: 'float', default: 0, help: 'Added after scaling.' },
  ],
  (p) => (Math.abs(num(p.scale) - 1 / 255) < 1e-9 ? '×1/255' : `×${p.scale}`),
);
export const randomFlip = augmentation(
  shapeKeeping(
    'RandomFlip',
    'Randomly mirrors images while training.',
    [
      {
        key: 'mode',
        label: 'Mode',
        kind: 'enum',
        options: ['horizontal', 'vertical', 'horizontal_and_vertical'],
        default: 'horizontal_and_vertical',
        help: 'Which flips to draw from.',
      },
    ],
    (p) => String(p.mode).replace('_and_', '+'),
  ),
);
export const randomRotation = augmentation(
  shapeKeeping(
    'RandomRotation',
    'Randomly rotates images while training by up to factor·360°.',
    [factor('factor', 'Factor', 0.1, 'Fraction of a full turn, e.g. 0.1 = ±36°.')],
    (p) => `±${p.factor}`,
  ),
);
export const randomZoom = augmentation(
  shapeKeeping(
    'RandomZoom',
    'Randomly zooms images in or out while training.',
    [factor('height_factor', 'Height factor', 0.1, 'Fraction of the height.')],
    (p) => `±${p.height_factor}`,
  ),
);
export const randomContrast = augmentation(
  shapeKeeping(
    'RandomContrast',
    'Randomly changes contrast while training.',
    [factor('factor', 'Factor', 0.2, 'Contrast changes by up to this fraction.')],
    (p) => `±${p.factor}`,
  ),
);
export const randomTranslation = augmentation(
  shapeKeeping(
    'RandomTranslation',
    'Randomly shifts images while training.',
    [factor('height_factor', 'Height factor', 0.1, 'Fraction of the height.'), factor('width_factor', 'Width factor', 0.1, 'Fraction of the width.')],
    (p) => `±${p.height_factor}, ±${p.width_factor}`,
  ),
);

/** Keras' RandomBrightness: adds δ·(max − min), δ in [−factor, factor], to each image while training; clipped to the value range. */
export const randomBrightness: LayerSpec = augmentation({
  ...shapeKeeping(
    'RandomBrightness',
    'Randomly brightens or darkens images while training.',
    [
      factor('factor', 'Factor', 0.2, 'Brightness changes by up to this fraction of the value range, up or down.'),
      { key: 'value_min', label: 'Value range: min', kind: 'float', default: 0, help: 'Smallest pixel value (Keras value_range[0]).' },
      {
        key: 'value_max',
        label: 'Value range: max',
        kind: 'float',
        default: 255,
        help: 'Largest pixel value (Keras value_range[1]); 1 after a Rescaling to [0, 1].',
      },
    ],
    (p) => `±${p.factor}`,
  ),
  toKeras: (node, p) => [
    { class_name: 'RandomBrightness', config: { ...kerasBase(node), factor: p.factor, value_range: [p.value_min, p.value_max], seed: null } },
  ],
  toPytorch: ({ params: p }) => assemble([`RandomBrightness(${py(num(p.factor))}, ${py(num(p.value_min))}, ${py(num(p.value_max))})`]),
  // Keras' factor may be a pair (lower, upper); a symmetric one is ±factor, any other is kept for the field to flag.
  fromKeras: (c): LayerParams => {
    const params: LayerParams = {};
    const f = c.factor;
    if (typeof f === 'number') params.factor = f;
    else if (Array.isArray(f)) params.factor = f.length === 2 && f[0] === -f[1] ? (f[1] as number) : (f as number[]);
    if (Array.isArray(c.value_range) && c.value_range.length === 2) [params.value_min, params.value_max] = c.value_range as [number, number];
    return params;
  },
});

function resizeLike(type: 'Resizing' | 'CenterCrop' | 'RandomCrop', summary: string): LayerSpec {
  return {
    type,
    family: 'preprocessing',
    summary,
    docs: `${summary} Output H × W × C with the chosen height and width.`,
    params: [
      { key: 'height', label: 'Height', kind: 'int', min: 1, max: 16384, default: 28, unit: 'px', help: 'Output height.' },
      { key: 'width', label: 'Width', kind: 'int', min: 1, max: 16384, default: 28, unit: 'px', help: 'Output width.' },
    ],
    inputs: { min: 1, max: 1 },
    inputRank: [3],
    shortForm: (p) => `${p.height}×${p.width}`,
    infer: ({ params, inputShapes }) => {
      const [h, w, c] = inputShapes[0]! as [number, number, number];
      const out = [num(params.height), num(params.width)];
      return {
        shape: [out[0]!, out[1]!, c],
        params: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        trace: [{ label: 'shape', formula: 'H × W × C → height × width × C', text: `${h} × ${w} × ${c} → ${out[0]} × ${out[1]} × ${c}` }],
      };
    },
    toKeras: (node, p) => [{ class_name: type, config: { ...kerasBase(node), height: p.height, width: p.width } }],
    // Resizing: bilinear with half-pixel centres and no antialiasing, as Keras' default; the crops are helpers.
    toPytorch: ({ params: p }) =>
      assemble([
        type === 'Resizing' ? `nn.Upsample(size=(${p.height}, ${p.width}), mode="bilinear", align_corners=False)` : `${type}(${p.height}, ${p.width})`,
      ]),
    fromKeras: (c) => ({ ...(typeof c.height === 'number' ? { height: c.height } : {}), ...(typeof c.width === 'number' ? { width: c.width } : {}) }),
  };
}

export const resizing = resizeLike('Resizing', 'Resizes images to a fixed height and width.');
export const centerCrop = resizeLike('CenterCrop', 'Crops the centre of each image to a fixed height and width.');
export const randomCrop = augmentation(resizeLike('RandomCrop', 'Crops a random window of fixed height and width while training (the centre at inference).'));

export const preprocessingLayers = [
  rescaling,
  resizing,
  centerCrop,
  randomCrop,
  randomFlip,
  randomRotation,
  randomZoom,
  randomContrast,
  randomTranslation,
  randomBrightness,
];
