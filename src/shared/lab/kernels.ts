/**
 * Hand-made kernels, as rows of numbers (row 0 at the top, as drawn). Where the course defines a
 * kernel, these reproduce its numbers, including its quirks, so a lesson shows what the notebook shows.
 *
 * The Gaussian family follows lesson 001: samples of φ(u) = e^(−u²/2)/√(2π) on u = linspace(−3, 3, n),
 * i.e. a pixel offset t from the centre maps to u = t/σ with σ = (n − 1)/6 pixels. Passing that σ
 * (the default) gives the notebook's kernels exactly; other σ stretch them.
 *
 * Angles are in degrees, counter-clockwise as drawn (rows go down), like the course's
 * `scipy.ndimage.rotate(k, angle, reshape=False)`, but evaluated analytically rather than by
 * interpolating a rotated image.
 */
import { mulberry32, normal } from '../data/random';

export type Matrix = number[][];

function grid(rows: number, cols: number, value: (r: number, c: number) => number): Matrix {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => value(r, c)));
}

function checkSize(size: number, what: string): void {
  if (!Number.isInteger(size) || size < 1) throw new Error(`${what}: size must be a positive integer, got ${size}`);
}

/** σ in pixels at which the course's linspace(−3, 3, n) sampling is reproduced. */
export function courseSigma(size: number): number {
  return size > 1 ? (size - 1) / 6 : 1;
}

const phi = (u: number): number => Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
/** The course's "first derivative": −2u·φ(u) (its factor 2 kept, so amplitudes match the notebook). */
const dphi = (u: number): number => -2 * u * phi(u);
/** The course's "second derivative": −2(2u² − 1)·φ(u). */
const ddphi = (u: number): number => -2 * (2 * u * u - 1) * phi(u);

/**
 * Rotated, σ-scaled coordinates of cell (r, c): u along the (rotated) x axis, v across it, y up.
 * Rotating the pattern by θ samples the unrotated one at R(−θ)·p.
 */
function coords(size: number, sigma: number, angleDeg: number): (r: number, c: number) => { u: number; v: number } {
  if (!(sigma > 0)) throw new Error(`sigma must be positive, got ${sigma}`);
  const centre = (size - 1) / 2;
  const t = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return (r, c) => {
    const x = c - centre;
    const y = centre - r;
    return { u: (cos * x + sin * y) / sigma, v: (-sin * x + cos * y) / sigma };
  };
}

/**
 * One at the cell 'same' padding centres on: ⌊(size − 1)/2⌋, the middle for odd sizes. With that
 * placement a 'same' convolution returns the input unchanged for even sizes too.
 */
export function identity(size = 3): Matrix {
  checkSize(size, 'identity');
  const m = Math.floor((size - 1) / 2);
  return grid(size, size, (r, c) => (r === m && c === m ? 1 : 0));
}

/**
 * What the course (lesson 000, `kernel_h_init`) calls the horizontal Sobel filter: it differentiates
 * along the horizontal axis (left minus right), so it responds to vertical edges. Named after the
 * course, not after the edges it finds.
 */
export function sobelHorizontal(): Matrix {
  return [
    [1, 0, -1],
    [2, 0, -2],
    [1, 0, -1],
  ];
}

/** The course's vertical Sobel filter (`kernel_v_init`): top minus bottom, so it responds to horizontal edges. */
export function sobelVertical(): Matrix {
  return [
    [1, 2, 1],
    [0, 0, 0],
    [-1, -2, -1],
  ];
}

/** Mean of a size×size neighbourhood. */
export function boxBlur(size = 3): Matrix {
  checkSize(size, 'boxBlur');
  return grid(size, size, () => 1 / (size * size));
}

/**
 * Gaussian blur, normalised to sum to 1 (a blur should keep brightness). The course's `gf*gf.T` has
 * the same shape with φ's own scale: normalizeKernel of it equals gaussian(n).
 */
export function gaussian(size = 5, sigma = courseSigma(size)): Matrix {
  checkSize(size, 'gaussian');
  const at = coords(size, sigma, 0);
  return normalizeKernel(
    grid(size, size, (r, c) => {
      const { u, v } = at(r, c);
      return phi(u) * phi(v);
    }),
  );
}

/**
 * Edge detector: the course's derivative of Gaussian along x times a Gaussian along y (`dgf*gf.T`,
 * which the notebook also calls its Gabor filter). Positive on the left, negative on the right at 0°.
 */
export function gaussianDerivative1(size = 5, sigma = courseSigma(size), angleDeg = 0): Matrix {
  checkSize(size, 'gaussianDerivative1');
  const at = coords(size, sigma, angleDeg);
  return grid(size, size, (r, c) => {
    const { u, v } = at(r, c);
    return dphi(u) * phi(v);
  });
}

/**
 * Line detector: the course's second derivative of Gaussian along x, made zero-mean over its 1-D
 * samples (`ddgf -= ddgf.mean()`), times a Gaussian along y (`ddgf*gf.T`). The whole kernel then sums
 * to 0. When rotated, the same 1-D mean is subtracted, so the kernel changes continuously with the angle.
 */
export function gaussianDerivative2(size = 5, sigma = courseSigma(size), angleDeg = 0): Matrix {
  checkSize(size, 'gaussianDerivative2');
  const centre = (size - 1) / 2;
  let mean = 0;
  for (let j = 0; j < size; j++) mean += ddphi((j - centre) / sigma) / size;
  const at = coords(size, sigma, angleDeg);
  return grid(size, size, (r, c) => {
    const { u, v } = at(r, c);
    return (ddphi(u) - mean) * phi(v);
  });
}

/**
 * Spot detector, the course's "2nd derivative of gaussian, central symmetric" (`ddgaussian2d`): the
 * 1-D profile −2(2ρ² − 1)·φ(ρ) at radius ρ, minus the kernel's mean so it sums to 0. Positive centre,
 * negative ring; the course's shape, not the exact ∇²G (which has a (ρ² − 2) profile and negative centre).
 */
export function laplacianOfGaussian(size = 5, sigma = courseSigma(size)): Matrix {
  checkSize(size, 'laplacianOfGaussian');
  const at = coords(size, sigma, 0);
  const m = grid(size, size, (r, c) => {
    const { u, v } = at(r, c);
    return ddphi(Math.hypot(u, v));
  });
  const mean = m.flat().reduce((s, x) => s + x, 0) / (size * size);
  return m.map((row) => row.map((x) => x - mean));
}

/**
 * Textbook Gabor filter: exp(−(x′² + γ²y′²)/(2σ²))·cos(2π·x′/λ + ψ), x′ along θ. σ and λ in pixels,
 * θ and ψ in degrees. At θ = 0 the stripes are vertical. (The course's own "Gabor" is
 * gaussianDerivative1.) With ψ = 0 it is symmetric under a 180° rotation.
 */
export function gabor(size = 15, sigma = 3, thetaDeg = 0, lambda = 6, gamma = 0.5, psiDeg = 0): Matrix {
  checkSize(size, 'gabor');
  if (!(sigma > 0) || !(lambda > 0)) throw new Error(`gabor: sigma and lambda must be positive, got ${sigma} and ${lambda}`);
  const at = coords(size, 1, thetaDeg);
  const psi = (psiDeg * Math.PI) / 180;
  return grid(size, size, (r, c) => {
    const { u: x, v: y } = at(r, c);
    return Math.exp(-(x * x + gamma * gamma * y * y) / (2 * sigma * sigma)) * Math.cos((2 * Math.PI * x) / lambda + psi);
  });
}

/** Lesson 003's 7×7 filter: zeros except a column of ones in the middle (column 3). */
export function lineVertical7(): Matrix {
  return grid(7, 7, (_, c) => (c === 3 ? 1 : 0));
}

/** Lesson 003's 7×7 filter: zeros except a row of ones in the middle (row 3). */
export function lineHorizontal7(): Matrix {
  return grid(7, 7, (r) => (r === 3 ? 1 : 0));
}

/** Lesson 004's [1, −1]: +1 where brightness drops from left to right, −1 where it rises. */
export function edgeKernel(): Matrix {
  return [[1, -1]];
}

/** Standard normal weights from a seed (mulberry32 + Box–Muller), the same for the same seed everywhere. */
export function randomNormal(h: number, w: number, seed: number): Matrix {
  checkSize(h, 'randomNormal');
  checkSize(w, 'randomNormal');
  const rand = mulberry32(seed);
  return grid(h, w, () => normal(rand));
}

/**
 * Scale to sum 1 (a blur that keeps brightness); zero-sum kernels (edge, line detectors) are scaled
 * so their absolute values sum to 1 instead. An all-zero kernel is returned as a copy.
 */
export function normalizeKernel(m: Matrix): Matrix {
  const values = m.flat();
  const sum = values.reduce((s, x) => s + x, 0);
  const abs = values.reduce((s, x) => s + Math.abs(x), 0);
  // A sum that is only rounding noise counts as zero.
  const divisor = Math.abs(sum) > 1e-12 * Math.max(abs, 1) ? sum : abs;
  return m.map((row) => row.map((x) => (divisor === 0 ? x : x / divisor)));
}

/** Rows become columns (lesson 004 turns the [1, −1] edge kernel into a horizontal-edge detector this way). */
export function transposeMatrix(m: Matrix): Matrix {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  return grid(cols, rows, (r, c) => m[c]![r]!);
}
