/**
 * One Filter Lab experiment: an image, one kernel (applied N times in a row) or a bank of kernels
 * (one output channel each), or the Sobel edge magnitude — every intermediate kept with its size.
 * Impossible settings come back as an error sentence, never a throw.
 */
import { convolveOutputSize, crossCorrelate, type ConvOptions } from './convolve';
import { edgeMaps } from './edges';
import { sobelHorizontal, sobelVertical } from './kernels';
import { kernelFromMatrix, stackKernels, type Tensor3 } from './tensor';

export interface LabSettings {
  /** The kernels; with more than one, each is an output channel (a Conv2D with that many filters). */
  kernels: number[][][];
  mode: 'kernel' | 'edge-magnitude';
  padding: 'valid' | 'same' | 'explicit';
  /** Pixels of zero padding on every side when `padding` is 'explicit'. */
  explicitPad: number;
  stride: number;
  dilation: number;
  /** Apply the kernel this many times in a row (the course stacks it 4×). */
  repeat: number;
}

export interface LabStage {
  label: string;
  tensor: Tensor3;
}

export interface LabRun {
  stages: LabStage[];
  /** The arithmetic of the first pass (engine conventions). */
  trace: string[];
  error: string | null;
}

const size = (t: { height: number; width: number }) => `${t.height}×${t.width}`;

export function runExperiment(input: Tensor3, s: LabSettings): LabRun {
  const opts: ConvOptions = { padding: s.padding === 'explicit' ? s.explicitPad : s.padding, stride: s.stride, dilation: s.dilation };
  const first = s.mode === 'edge-magnitude' ? sobelHorizontal() : s.kernels[0];
  if (!first?.length || !first[0]?.length) return { stages: [], trace: [], error: 'The kernel is empty.' };
  if (s.mode === 'kernel' && s.kernels.some((k) => k.length !== first.length || k[0]!.length !== first[0]!.length)) {
    return { stages: [], trace: [], error: 'All kernels of a bank must have the same size (one Conv2D has one kernel size).' };
  }
  const kernelSize = { height: first.length, width: first[0]!.length };
  let geometry;
  try {
    geometry = convolveOutputSize(input, kernelSize, opts);
  } catch (e) {
    return { stages: [], trace: [], error: (e as Error).message };
  }
  const trace = geometry.trace.map((t) => `${t.label}: ${t.text}`);
  const tooSmall = (at: { height: number; width: number }, pass: number) =>
    `Pass ${pass}: the ${size(at)} image is smaller than the ${(kernelSize.height - 1) * s.dilation + 1}×${(kernelSize.width - 1) * s.dilation + 1} window (kernel with dilation), so there is no output. Use padding 'same', a smaller kernel or fewer passes.`;
  if (geometry.height < 1 || geometry.width < 1) return { stages: [], trace, error: tooSmall(input, 1) };

  if (s.mode === 'edge-magnitude') {
    const maps = edgeMaps(input, sobelHorizontal(), sobelVertical(), opts);
    return {
      stages: [
        { label: `Sobel horizontal kernel: ${size(input)} → ${size(maps.horizontal)}`, tensor: maps.horizontal },
        { label: `Sobel vertical kernel: ${size(input)} → ${size(maps.vertical)}`, tensor: maps.vertical },
        { label: `edge magnitude √(eₕ² + eᵥ²): ${size(maps.magnitude)}`, tensor: maps.magnitude },
      ],
      trace,
      error: null,
    };
  }
  if (s.kernels.length > 1) {
    const bank = stackKernels(s.kernels.map((k) => kernelFromMatrix(k, input.channels)));
    const out = crossCorrelate(input, bank, opts);
    return {
      stages: [{ label: `${s.kernels.length} kernels: ${size(input)}×${input.channels} → ${size(out)}×${out.channels}`, tensor: out }],
      trace,
      error: null,
    };
  }
  const stages: LabStage[] = [];
  let current = input;
  for (let pass = 1; pass <= s.repeat; pass++) {
    const g = convolveOutputSize(current, kernelSize, opts);
    if (g.height < 1 || g.width < 1) return { stages, trace, error: tooSmall(current, pass) };
    const out = crossCorrelate(current, kernelFromMatrix(first, current.channels), opts);
    stages.push({ label: `pass ${pass}: ${size(current)} → ${size(out)}`, tensor: out });
    current = out;
  }
  return { stages, trace, error: null };
}
