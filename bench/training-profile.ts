/**
 * Where one training step's time goes (bench/training.worker.ts runs it after the timed rounds): every
 * kernel of the active backend is wrapped with a timer (exclusive time: a kernel that dispatches another
 * is charged only for its own part), and the step is cut into phases by wrapping the model's input checks,
 * the gradient tape (forward + loss, then backward) and the optimizer's `applyGradients`. What is left
 * of a phase outside kernels is JavaScript: layer and op bookkeeping, the tape, shape checks. tidy/dispose
 * time (tfjs's scopes and tensor disposal) is counted across all phases. The wrappers come off afterwards.
 */
import * as tf from '@tensorflow/tfjs';

export type Phase = 'input' | 'forward' | 'backward' | 'optimizer' | 'rest';
export const PHASES: readonly Phase[] = ['input', 'forward', 'backward', 'optimizer', 'rest'];

export interface StepProfile {
  steps: number;
  /** Wall time per step. */
  stepMs: number;
  /** Per kernel name: dispatches and exclusive ms, per step; sorted by time. */
  kernels: { name: string; count: number; ms: number }[];
  /** Per phase: wall ms, kernel ms and kernel count, per step. */
  phases: Record<Phase, { ms: number; kernelMs: number; count: number }>;
  /** tfjs scope and dispose bookkeeping, per step (included in the phases' time outside kernels). */
  tidyMs: number;
  /** Building one batch's tensors from typed arrays, as the app's data pipeline does (not part of stepMs). */
  feedMs: number;
}

type AnyFn = (...args: never[]) => unknown;

/** Replaces obj[key] by wrap(original) and returns how to put it back. */
function patch<T extends object, K extends keyof T>(obj: T, key: K, wrap: (original: T[K]) => T[K]): () => void {
  const had = Object.prototype.hasOwnProperty.call(obj, key);
  const original = obj[key];
  obj[key] = wrap(original);
  return () => {
    if (had) obj[key] = original;
    else delete obj[key];
  };
}

export async function profileTrainingSteps(model: tf.LayersModel, batches: { xs: tf.Tensor; ys: tf.Tensor }[], steps: number): Promise<StepProfile> {
  const now = () => performance.now();
  let phase: Phase = 'rest';
  const kernels = new Map<string, { count: number; ms: number }>();
  const phases = Object.fromEntries(PHASES.map((p) => [p, { ms: 0, kernelMs: 0, count: 0 }])) as StepProfile['phases'];
  let tidyMs = 0;
  let bookkeepingDepth = 0;
  // Exclusive kernel time: each open kernel's children are subtracted from it.
  const childMs: number[] = [];
  const undo: (() => void)[] = [];

  for (const config of tf.getKernelsForBackend(tf.getBackend())) {
    undo.push(
      patch(
        config,
        'kernelFunc',
        (run) =>
          ((args: tf.KernelConfig) => {
            childMs.push(0);
            const start = now();
            try {
              return (run as unknown as AnyFn)(args as never);
            } finally {
              const total = now() - start;
              const own = total - childMs.pop()!;
              if (childMs.length) childMs[childMs.length - 1]! += total;
              const k = kernels.get(config.kernelName) ?? { count: 0, ms: 0 };
              k.count++;
              k.ms += own;
              kernels.set(config.kernelName, k);
              phases[phase].kernelMs += own;
              phases[phase].count++;
            }
          }) as never,
      ),
    );
  }

  const engine = tf.engine() as unknown as Record<string, AnyFn>;
  const timedBookkeeping = (original: AnyFn) =>
    function (this: unknown, ...args: never[]) {
      const outermost = bookkeepingDepth++ === 0;
      const start = now();
      try {
        return original.apply(this, args);
      } finally {
        bookkeepingDepth--;
        if (outermost) tidyMs += now() - start;
      }
    };
  for (const name of ['startScope', 'endScope', 'disposeTensor', 'disposeVariables'] as const)
    if (typeof engine[name] === 'function') undo.push(patch(engine, name, (original) => timedBookkeeping(original!) as AnyFn));

  /** Runs fn with `p` as the current phase and adds its wall time to it. */
  const during = <R>(p: Phase, fn: () => R): R => {
    const outer = phase;
    phase = p;
    const start = now();
    try {
      return fn();
    } finally {
      phases[p].ms += now() - start;
      phase = outer;
    }
  };
  // engine.gradients(f, xs, dy): f is the forward pass and the loss; what follows f is backprop.
  undo.push(
    patch(
      engine,
      'gradients',
      (original) =>
        function (this: unknown, f: () => tf.Tensor, ...rest: never[]) {
          let forwardEnd = 0;
          const start = now();
          const outer = phase;
          const result = during('backward', () =>
            original!.call(
              this,
              (() => {
                const y = during('forward', f);
                forwardEnd = now();
                return y;
              }) as never,
              ...rest,
            ),
          );
          // `during('backward')` counted the forward pass too: move that part to backward's wall time only.
          phases.backward.ms -= forwardEnd - start;
          phase = outer;
          return result;
        },
    ),
  );
  const optimizer = model.optimizer as unknown as Record<string, AnyFn>;
  undo.push(
    patch(
      optimizer,
      'applyGradients',
      (original) =>
        function (this: unknown, ...args: never[]) {
          return during('optimizer', () => original!.apply(this, args));
        },
    ),
  );
  const m = model as unknown as Record<string, AnyFn>;
  undo.push(
    patch(
      m,
      'standardizeUserData',
      (original) =>
        async function (this: unknown, ...args: never[]) {
          const start = now();
          const outer = phase;
          phase = 'input';
          try {
            return await (original!.apply(this, args) as Promise<unknown>);
          } finally {
            phases.input.ms += now() - start;
            phase = outer;
          }
        },
    ),
  );

  let stepMs = 0;
  try {
    for (let i = 0; i < steps; i++) {
      const { xs, ys } = batches[i % batches.length]!;
      const start = now();
      await model.trainOnBatch(xs, ys);
      stepMs += now() - start;
    }
  } finally {
    for (const u of undo.reverse()) u();
  }
  const accounted = phases.input.ms + phases.forward.ms + phases.backward.ms + phases.optimizer.ms;
  phases.rest.ms = stepMs - accounted;

  // Data feeding as data-pipeline.ts does it: one batch's inputs and one-hot labels from typed arrays.
  const [xs, ys] = [batches[0]!.xs, batches[0]!.ys];
  const xv = xs.dataSync().slice();
  const yv = ys.dataSync().slice();
  const feedStart = now();
  for (let i = 0; i < steps; i++) tf.dispose([tf.tensor(xv, xs.shape), tf.tensor(yv, ys.shape)]);
  const feedMs = (now() - feedStart) / steps;

  const per = (x: number) => x / steps;
  return {
    steps,
    stepMs: per(stepMs),
    kernels: [...kernels].map(([name, k]) => ({ name, count: per(k.count), ms: per(k.ms) })).sort((a, b) => b.ms - a.ms),
    phases: Object.fromEntries(
      PHASES.map((p) => [p, { ms: per(phases[p].ms), kernelMs: per(phases[p].kernelMs), count: per(phases[p].count) }]),
    ) as StepProfile['phases'],
    tidyMs: per(tidyMs),
    feedMs,
  };
}
