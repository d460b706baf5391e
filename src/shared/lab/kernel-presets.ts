/**
 * The kernels the Filter Lab offers, with the knobs each one has. Defaults reproduce the course:
 * the Gaussian family at size 7 with σ = 1 follows the notebook's sampling rule exactly (σ = (n − 1)/6,
 * i.e. linspace(−3, 3, n)); its size-30 kernels are make({ size: 30, sigma: 29 / 6 }).
 */
import {
  boxBlur,
  edgeKernel,
  gabor,
  gaussian,
  gaussianDerivative1,
  gaussianDerivative2,
  identity,
  laplacianOfGaussian,
  lineHorizontal7,
  lineVertical7,
  randomNormal,
  sobelHorizontal,
  sobelVertical,
  type Matrix,
} from './kernels';

export type KernelPresetId =
  'identity' | 'sobel-h' | 'sobel-v' | 'box' | 'gaussian' | 'dog1' | 'dog2' | 'gabor' | 'log' | 'line-v7' | 'line-h7' | 'edge-1x2' | 'random';

export interface KernelParam {
  key: string;
  label: string;
  min: number;
  max: number;
  step: number;
  default: number;
  unit?: 'px' | '°';
}

export type KernelParamValues = Record<string, number>;

export interface KernelPreset {
  id: KernelPresetId;
  label: string;
  /** What it does to an image, one line for the picker. */
  description: string;
  /** Empty for fixed kernels. */
  params: readonly KernelParam[];
  /** Missing values take the parameter's default. */
  make(params?: Partial<KernelParamValues>): Matrix;
}

const size = (def: number, min = 1, max = 31, step = 1): KernelParam => ({ key: 'size', label: 'Size', min, max, step, default: def, unit: 'px' });
const sigma = (def: number): KernelParam => ({ key: 'sigma', label: 'σ', min: 0.2, max: 10, step: 0.1, default: def, unit: 'px' });
const angle: KernelParam = { key: 'angle', label: 'Angle', min: -180, max: 180, step: 1, default: 0, unit: '°' };

/** A preset whose make() fills in defaults before calling the generator. */
function preset(id: KernelPresetId, label: string, description: string, params: KernelParam[], build: (p: (key: string) => number) => Matrix): KernelPreset {
  return {
    id,
    label,
    description,
    params,
    make(values = {}) {
      return build((key) => {
        const d = params.find((q) => q.key === key);
        if (!d) throw new Error(`Kernel preset ${id} has no parameter ${key}`);
        return values[key] ?? d.default;
      });
    },
  };
}

export const KERNEL_PRESETS: readonly KernelPreset[] = [
  preset('identity', 'Identity', 'Copies the input (one 1 in the middle).', [size(5, 1, 15, 2)], (p) => identity(p('size'))),
  preset('sobel-h', 'Sobel, horizontal (course)', 'Left minus right: lights up vertical edges.', [], () => sobelHorizontal()),
  preset('sobel-v', 'Sobel, vertical (course)', 'Top minus bottom: lights up horizontal edges.', [], () => sobelVertical()),
  preset('box', 'Box blur', 'Mean of the neighbourhood.', [size(3)], (p) => boxBlur(p('size'))),
  preset('gaussian', 'Gaussian blur', 'Weighted mean, nearer pixels count more; sums to 1.', [size(7), sigma(1)], (p) => gaussian(p('size'), p('sigma'))),
  preset('dog1', 'Derivative of Gaussian', 'Smoothed edge detector along the chosen direction.', [size(7, 2), sigma(1), angle], (p) =>
    gaussianDerivative1(p('size'), p('sigma'), p('angle')),
  ),
  preset('dog2', '2nd derivative of Gaussian', 'Line detector across the chosen direction.', [size(7, 2), sigma(1), angle], (p) =>
    gaussianDerivative2(p('size'), p('sigma'), p('angle')),
  ),
  preset(
    'gabor',
    'Gabor',
    'Stripes under a Gaussian: responds to one orientation and spacing.',
    [
      size(15),
      sigma(3),
      { key: 'theta', label: 'θ', min: -180, max: 180, step: 1, default: 0, unit: '°' },
      { key: 'lambda', label: 'λ (wavelength)', min: 2, max: 30, step: 0.5, default: 6, unit: 'px' },
      { key: 'gamma', label: 'γ (aspect)', min: 0.1, max: 2, step: 0.05, default: 0.5 },
      { key: 'psi', label: 'ψ (phase)', min: 0, max: 360, step: 1, default: 0, unit: '°' },
    ],
    (p) => gabor(p('size'), p('sigma'), p('theta'), p('lambda'), p('gamma'), p('psi')),
  ),
  preset('log', 'Laplacian of Gaussian (course)', 'Spot detector: bright centre, dark ring, sums to 0.', [size(7, 2), sigma(1)], (p) =>
    laplacianOfGaussian(p('size'), p('sigma')),
  ),
  preset('line-v7', 'Vertical line 7×7', 'Keeps only the central column: enhances vertical lines.', [], () => lineVertical7()),
  preset('line-h7', 'Horizontal line 7×7', 'Keeps only the central row: enhances horizontal lines.', [], () => lineHorizontal7()),
  preset('edge-1x2', 'Edge [1, −1]', 'Difference of neighbours: +1 where light turns dark (left to right).', [], () => edgeKernel()),
  preset(
    'random',
    'Random (normal)',
    'Standard normal weights from a seed.',
    [size(5, 1, 15), { key: 'seed', label: 'Seed', min: 0, max: 9999, step: 1, default: 42 }],
    (p) => randomNormal(p('size'), p('size'), p('seed')),
  ),
];

/** The preset with this id; throws for an unknown id (ids are a closed set). */
export function kernelPreset(id: KernelPresetId): KernelPreset {
  const found = KERNEL_PRESETS.find((p) => p.id === id);
  if (!found) throw new Error(`Unknown kernel preset ${id}`);
  return found;
}
