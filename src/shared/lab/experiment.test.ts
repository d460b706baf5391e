import { describe, expect, it } from 'vitest';
import { runExperiment, type LabSettings } from './experiment';
import { sobelHorizontal } from './kernels';
import { tensor3 } from './tensor';

const image = tensor3(
  512,
  512,
  1,
  Float32Array.from({ length: 512 * 512 }, (_, i) => ((i * 7919) % 255) / 255),
);
const base: LabSettings = { kernels: [sobelHorizontal()], mode: 'kernel', padding: 'valid', explicitPad: 1, stride: 1, dilation: 1, repeat: 1 };

describe('a Filter Lab experiment', () => {
  it('Sobel on 512×512: 510 valid, 512 same, 4 passes 512 → 510 → 508 → 506 → 504', () => {
    expect(runExperiment(image, base).stages.map((s) => s.tensor.height)).toEqual([510]);
    expect(runExperiment(image, { ...base, padding: 'same' }).stages[0]!.tensor.width).toBe(512);
    const stacked = runExperiment(image, { ...base, repeat: 4 });
    expect(stacked.stages.map((s) => s.label)).toEqual([
      'pass 1: 512×512 → 510×510',
      'pass 2: 510×510 → 508×508',
      'pass 3: 508×508 → 506×506',
      'pass 4: 506×506 → 504×504',
    ]);
    expect(stacked.trace.at(-1)).toMatch(/⌊\(512 \+ 2·0 − 3\)\/1⌋ \+ 1 = 510/);
  });

  it('a bank of kernels gives one channel per kernel; an RGB image is summed over its channels', () => {
    const rgb = tensor3(4, 4, 3, new Float32Array(48).fill(1));
    const run = runExperiment(rgb, { ...base, kernels: [[[1]], [[2]]] });
    expect(run.stages[0]!.tensor.channels).toBe(2);
    expect(Array.from(run.stages[0]!.tensor.data.slice(0, 2))).toEqual([3, 6]);
  });

  it('the edge magnitude is √(h² + v²) of the two Sobel responses', () => {
    const run = runExperiment(image, { ...base, mode: 'edge-magnitude' });
    const [h, v, m] = run.stages.map((s) => s.tensor.data);
    expect(m![1000]).toBeCloseTo(Math.hypot(h![1000]!, v![1000]!), 5);
  });

  it('impossible settings say why instead of throwing', () => {
    const small = tensor3(6, 6, 1);
    expect(runExperiment(small, { ...base, repeat: 4 }).error).toMatch(/^Pass 3: the 2×2 image is smaller than the 3×3 window/);
    expect(runExperiment(small, { ...base, kernels: [[[1, 2]], [[1]]] }).error).toMatch(/same size/);
    expect(runExperiment(small, { ...base, stride: 0 }).error).toMatch(/positive integers/);
  });
});
