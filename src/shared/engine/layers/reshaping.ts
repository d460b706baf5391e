/**
 * Keras' spatial reshaping layers, for sequences (L × C), images (H × W × C) and volumes (D × H × W × C):
 * ZeroPadding1D/2D/3D, Cropping1D/2D/3D and UpSampling1D/2D/3D. One generator per kind, by the number
 * of spatial axes, so the three ranks follow the same arithmetic.
 */
import type { LayerParams, ParamValue } from '../../graph/graph';
import { ints, sidesPerAxis } from '../params';
import type { Diagnostic, LayerSpec, ParamSchema, TraceLine } from '../types';
import { axisNames, axisUnits, kerasBase, spatialShapeText } from './common';
import { withDataFormat } from './data-format';
import { assemble, py, pyTuple, zeroPad } from './pytorch';

type Axes = 1 | 2 | 3;

/** What the two sides of each axis are called in Keras' docs: (start, end) of a sequence; (top, bottom), (left, right) of an image. */
const SIDE_NAMES: Record<Axes, [string, string][]> = {
  1: [['start', 'end']],
  2: [
    ['top', 'bottom'],
    ['left', 'right'],
  ],
  3: [
    ['front', 'back'],
    ['top', 'bottom'],
    ['left', 'right'],
  ],
};

const WHAT: Record<Axes, string> = { 1: 'sequence', 2: 'image', 3: 'volume' };

/**
 * A Keras `padding` / `cropping` config value in the app's form: an integer stays one; one number or
 * pair per axis becomes a list per axis when both sides agree on every axis, else (before, after)
 * pairs (a 1-D layer's even pair is one integer: Keras' pair is (start, end)). `undefined` when it is none of these.
 */
export function sidesFromKeras(value: unknown, axes: number): ParamValue | undefined {
  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
  if (isInt(value)) return value;
  if (!Array.isArray(value)) return undefined;
  let pairs: unknown[];
  if (axes === 1) pairs = value.length === 2 && value.every(isInt) ? [value] : value;
  else pairs = value;
  if (pairs.length !== axes) return undefined;
  const sides = pairs.map((p) => (isInt(p) ? [p, p] : Array.isArray(p) && p.length === 2 && p.every(isInt) ? (p as number[]) : null));
  if (sides.some((s) => s === null)) return undefined;
  const list = sides as number[][];
  if (!list.every(([a, b]) => a === b)) return list;
  return axes === 1 ? list[0]![0]! : list.map(([a]) => a!);
}

/** Node face: `1×2` when both sides agree on each axis, else `(0,1)×(2,3)`. */
function sidesShort(value: ParamValue | undefined, axes: number): string {
  const pairs = sidesPerAxis(value, axes);
  return pairs.every(([a, b]) => a === b) ? pairs.map(([a]) => a).join('×') : pairs.map(([a, b]) => `(${a},${b})`).join('×');
}

function spatialEdit(kind: 'pad' | 'crop', axes: Axes): LayerSpec {
  const pad = kind === 'pad';
  const type = `${pad ? 'ZeroPadding' : 'Cropping'}${axes}D`;
  const key = pad ? 'padding' : 'cropping';
  const names = axisNames(axes);
  const units = axisUnits(axes);
  const sides = SIDE_NAMES[axes];
  const op = pad ? '+' : '−';
  const letter = pad ? 'p' : 'c';
  const what = units.length === 1 ? units[0]! : `${units.slice(0, -1).join(', ')} and ${units.at(-1)}`;
  const example =
    axes === 2 ? `${names[0]} ${op} top ${op} bottom, ${names[1]} ${op} left ${op} right` : `${names[0]} ${op} ${sides[0]![0]} ${op} ${sides[0]![1]}`;
  const param: ParamSchema = {
    key,
    label: pad ? 'Padding' : 'Cropping',
    kind: 'sides',
    axes,
    default: axes === 1 ? 1 : Array(axes).fill(1),
    unit: 'px',
    help:
      axes === 1
        ? `${pad ? 'Zeros added' : 'Steps removed'} at each end: one number, or (start, end).`
        : `${pad ? 'Zeros added' : 'Pixels removed'} on each side: one number; one per axis (${names.join(', ')}); or a (before, after) pair per axis, e.g. ${axes === 2 ? '(0, 1), (0, 1)' : '(0, 1), (0, 1), (0, 1)'}.`,
  };
  return {
    type,
    family: 'core',
    summary: pad
      ? `Adds ${what} of zeros around the ${WHAT[axes]}: ${spatialShapeText(axes)} grows by the padding on each side.`
      : `Removes ${what} from the borders of the ${WHAT[axes]}: ${spatialShapeText(axes)} shrinks by the cropping on each side.`,
    docs:
      `Each axis ${pad ? 'grows' : 'shrinks'} by what is ${pad ? 'added' : 'removed'} on its two sides: ${example}; one number ${letter} on both sides gives ${names[0]} ${op} 2·${letter}. ` +
      `Keras takes one integer, one integer per axis, or a (before, after) pair per axis${axes === 1 ? ' ((start, end) for a sequence)' : ''}. Channels unchanged; no parameters.` +
      (pad ? '' : ' Cropping all of an axis (or more) is an error.'),
    params: [param],
    inputs: { min: 1, max: 1 },
    inputRank: [axes + 1],
    shortForm: (p) => sidesShort(p[key], axes),
    infer: ({ params, inputShapes }) => {
      const shape = inputShapes[0]!;
      const spatial = shape.slice(0, axes);
      const pairs = sidesPerAxis(params[key], axes);
      const out = spatial.map((n, i) => n + (pad ? 1 : -1) * (pairs[i]![0] + pairs[i]![1]));
      const trace: TraceLine[] = spatial.map((n, i) => {
        const [before, after] = pairs[i]!;
        const name = names[i]!;
        return before === after
          ? { label: name, formula: `${name} ${op} 2·${letter}`, text: `${n} ${op} 2·${before} = ${out[i]}` }
          : { label: name, formula: `${name} ${op} ${sides[i]![0]} ${op} ${sides[i]![1]}`, text: `${n} ${op} ${before} ${op} ${after} = ${out[i]}` };
      });
      const diagnostics: Omit<Diagnostic, 'nodeId'>[] = [];
      out.forEach((v, i) => {
        if (v > 0) return;
        const [before, after] = pairs[i]!;
        diagnostics.push({
          code: 'crop-too-large',
          severity: 'error',
          message: `Cropping ${before} + ${after} ${units[i]} from the ${spatial[i]} ${units[i]} of ${names[i]} leaves nothing (${names[i]}: ${spatial[i]} − ${before} − ${after} = ${v}).`,
          fix: `Crop at most ${spatial[i]! - 1} ${units[i]} in total from ${names[i]}${spatial[i]! > 1 ? `, e.g. ${Math.floor((spatial[i]! - 1) / 2)} on each side` : ''}, or crop before an earlier downsampling layer.`,
          param: key,
        });
      });
      return { shape: [...out, shape[axes]!], params: { trainable: 0, nonTrainable: 0 }, macs: 0, trace, diagnostics };
    },
    toKeras: (node, p) => {
      const pairs = sidesPerAxis(p[key], axes);
      // Keras writes a 1-D layer's pair flat, (start, end), and has no data_format on it in tf.keras 2.
      return [
        { class_name: type, config: { ...kerasBase(node), [key]: axes === 1 ? pairs[0] : pairs, ...(axes === 1 ? {} : { data_format: 'channels_last' }) } },
      ];
    },
    toPytorch: ({ params }) => {
      const pairs = sidesPerAxis(params[key], axes);
      return assemble([pad ? (zeroPad(pairs) ?? 'nn.Identity()') : `Crop(${pairs.map((pair) => pyTuple(pair)).join(', ')})`]);
    },
    fromKeras: (c): LayerParams => {
      const value = sidesFromKeras(c[key], axes);
      return value === undefined ? {} : { [key]: value };
    },
  };
}

export const zeroPadding2d = withDataFormat(spatialEdit('pad', 2), 2);
export const cropping2d = withDataFormat(spatialEdit('crop', 2), 2);
export const zeroPadding1d: LayerSpec = { ...spatialEdit('pad', 1), notInTfjs: 'TensorFlow.js 4.22 has no ZeroPadding1D layer' };
export const cropping1d: LayerSpec = { ...spatialEdit('crop', 1), notInTfjs: 'TensorFlow.js 4.22 has no Cropping1D layer' };

/** Keras' UpSampling2D: repeats each row s_h times and each column s_w times (or interpolates bilinearly). */
export const upSampling2d: LayerSpec = withDataFormat(
  {
    type: 'UpSampling2D',
    family: 'core',
    summary: 'Enlarges the image by repeating rows and columns: H × W × C → H·sh × W·sw × C.',
    docs:
      "Output H·sh × W·sw × C; no parameters. 'nearest' repeats each value sh × sw times (a Conv2DTranspose with a kernel of ones and stride s, without learning). " +
      "'bilinear' interpolates: the sizes are the same, but TensorFlow.js interpolates without Keras' half-pixel centres, so the values near the borders differ slightly from Keras'.",
    params: [
      {
        key: 'size',
        label: 'Size',
        kind: 'ints',
        length: 2,
        min: 1,
        default: [2, 2],
        help: 'Upsampling factors for rows and columns: one number, or (rows, columns).',
      },
      {
        key: 'interpolation',
        label: 'Interpolation',
        kind: 'enum',
        options: ['nearest', 'bilinear'],
        default: 'nearest',
        help: "'nearest' repeats values; 'bilinear' interpolates between neighbours.",
      },
    ],
    inputs: { min: 1, max: 1 },
    inputRank: [3],
    shortForm: (p) => `×${ints(p.size, 2).join('×')}${p.interpolation === 'bilinear' ? ' bilinear' : ''}`,
    infer: ({ params, inputShapes }) => {
      const [h, w, c] = inputShapes[0]! as [number, number, number];
      const [sh, sw] = ints(params.size, 2) as [number, number];
      // For receptive fields: a transposed window of stride s; nearest reads one input per output, bilinear
      // two where it interpolates (a factor of 1 copies).
      const kernel = params.interpolation === 'bilinear' ? [sh, sw].map((s) => (s > 1 ? 2 * s : 1)) : [sh, sw];
      return {
        shape: [h * sh, w * sw, c],
        params: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        trace: [
          { label: 'H', formula: 'H·sh', text: `${h}·${sh} = ${h * sh}` },
          { label: 'W', formula: 'W·sw', text: `${w}·${sw} = ${w * sw}` },
          { label: 'params', formula: 'none: upsampling has no weights', text: '0' },
        ],
        window: { kernel, stride: [sh, sw], dilation: [1, 1], padBefore: [0, 0], transposed: true },
      };
    },
    toKeras: (node, p) => [
      { class_name: 'UpSampling2D', config: { ...kerasBase(node), size: ints(p.size, 2), data_format: 'channels_last', interpolation: p.interpolation } },
    ],
    // Integer factors: nearest repeats each value, as Keras does; bilinear uses half-pixel centres (align_corners=False), as Keras does.
    toPytorch: ({ params }) =>
      assemble([
        `nn.Upsample(scale_factor=${pyTuple(ints(params.size, 2))}, mode=${params.interpolation === 'bilinear' ? '"bilinear", align_corners=False' : '"nearest"'})`,
      ]),
    fromKeras: (c) => ({
      ...(typeof c.size === 'number' || (Array.isArray(c.size) && c.size.every((v) => typeof v === 'number')) ? { size: c.size as number | number[] } : {}),
      ...(typeof c.interpolation === 'string' ? { interpolation: c.interpolation } : {}),
    }),
  },
  2,
);

/** UpSampling1D and UpSampling3D: repeat each position `size` times along each axis (Keras has no interpolation for these). */
function upSampling(axes: 1 | 3): LayerSpec {
  const type = `UpSampling${axes}D`;
  const names = axisNames(axes);
  const factors = axes === 1 ? ['s'] : ['sd', 'sh', 'sw'];
  const sizes = (p: LayerParams) => (axes === 1 ? [p.size as number] : ints(p.size, 3));
  const grown = names.map((n, i) => `${n}·${factors[i]}`).join(' × ');
  return {
    type,
    family: 'core',
    summary: `Enlarges the ${WHAT[axes]} by repeating each ${axes === 1 ? 'step' : 'voxel'}: ${spatialShapeText(axes)} → ${grown} × C.`,
    docs: `Output ${grown} × C; each value is repeated ${factors.join(' × ')} times (nearest neighbour, as Keras' UpSampling${axes}D). No parameters.`,
    params: [
      axes === 1
        ? { key: 'size', label: 'Size', kind: 'int', min: 1, max: 1024, default: 2, help: 'How many times each step is repeated.' }
        : {
            key: 'size',
            label: 'Size',
            kind: 'ints',
            length: 3,
            min: 1,
            default: [2, 2, 2],
            help: 'Upsampling factors for depth, rows and columns: one number, or three.',
          },
    ],
    inputs: { min: 1, max: 1 },
    inputRank: [axes + 1],
    shortForm: (p) => `×${sizes(p).join('×')}`,
    infer: ({ params, inputShapes }) => {
      const shape = inputShapes[0]!;
      const s = sizes(params);
      const out = shape.slice(0, axes).map((n, i) => n * s[i]!);
      return {
        shape: [...out, shape[axes]!],
        params: { trainable: 0, nonTrainable: 0 },
        macs: 0,
        trace: [
          ...names.map((n, i) => ({ label: n, formula: `${n}·${factors[i]}`, text: `${shape[i]}·${s[i]} = ${out[i]}` })),
          { label: 'params', formula: 'none: upsampling has no weights', text: '0' },
        ],
        window: { kernel: s, stride: s, dilation: Array(axes).fill(1), padBefore: Array(axes).fill(0), transposed: true },
      };
    },
    toKeras: (node, p) => [
      {
        class_name: type,
        config: { ...kerasBase(node), size: axes === 1 ? p.size : ints(p.size, 3), ...(axes === 3 ? { data_format: 'channels_last' } : {}) },
      },
    ],
    toPytorch: ({ params }) =>
      assemble([`nn.Upsample(scale_factor=${axes === 1 ? py(params.size as number) : pyTuple(ints(params.size, 3))}, mode="nearest")`]),
    fromKeras: (c): LayerParams => {
      const size = Array.isArray(c.size) && axes === 1 ? c.size[0] : c.size;
      return typeof size === 'number' || (Array.isArray(size) && size.every((v) => typeof v === 'number')) ? { size: size as number | number[] } : {};
    },
    notInTfjs: `TensorFlow.js 4.22 has no UpSampling${axes}D layer`,
  };
}

export const upSampling1d = upSampling(1);
export const zeroPadding3d: LayerSpec = { ...withDataFormat(spatialEdit('pad', 3), 3), notInTfjs: 'TensorFlow.js 4.22 has no ZeroPadding3D layer' };
export const cropping3d: LayerSpec = { ...withDataFormat(spatialEdit('crop', 3), 3), notInTfjs: 'TensorFlow.js 4.22 has no Cropping3D layer' };
export const upSampling3d = withDataFormat(upSampling(3), 3);

export const reshapingLayers = [zeroPadding2d, cropping2d, upSampling2d, zeroPadding1d, cropping1d, upSampling1d, zeroPadding3d, cropping3d, upSampling3d];
