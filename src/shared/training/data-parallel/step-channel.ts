/**
 * How the leader hands a replica its share of each batch and gets its loss back, in shared memory:
 * the leader writes the share's inputs and targets and bumps GO; the replica, blocked in
 * Atomics.wait, wakes within microseconds, trains, writes its loss and accuracy and sets DONE to the
 * same count. A message per step would cost a trip through each side's event loop twice a step,
 * which on a small network is a tenth of the step.
 *
 * Layout: an Int32 control block and a Float64 block for numbers, then the data region, sized for
 * the largest share of the run's batch (values of one sample × samples); targets follow inputs.
 */

export interface StepChannelBuffers {
  control: SharedArrayBuffer;
  numbers: SharedArrayBuffer;
  data: SharedArrayBuffer;
  /** Values of one input and one target sample, and their dtypes and shapes (without the batch axis). */
  xsPerSample: number;
  ysPerSample: number;
  xsShape: number[];
  ysShape: number[];
  xsDtype: 'float32' | 'int32';
  ysDtype: 'float32' | 'int32';
  capacity: number;
}

const GO = 0; // steps posted
const DONE = 1; // steps answered
const COUNT = 2; // samples in the data region this step
const STOP = 3; // 1: the replica leaves its loop
const FAILED = 4; // 1: the step failed (the message is in the exchange's abort reason)
const HAS_ACCURACY = 5;
const CONTROL_SLOTS = 6;
// numbers: share, learning rate, loss, accuracy
const SHARE = 0;
const RATE = 1;
const LOSS = 2;
const ACCURACY = 3;

export class ReplicaStepFailed extends Error {}

export function createStepChannel(
  capacity: number,
  xs: { shape: number[]; dtype: 'float32' | 'int32' },
  ys: { shape: number[]; dtype: 'float32' | 'int32' },
): StepChannelBuffers {
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const xsPerSample = size(xs.shape);
  const ysPerSample = size(ys.shape);
  return {
    control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
    numbers: new SharedArrayBuffer(4 * 8),
    data: new SharedArrayBuffer(capacity * (xsPerSample + ysPerSample) * 4),
    xsPerSample,
    ysPerSample,
    xsShape: xs.shape,
    ysShape: ys.shape,
    xsDtype: xs.dtype,
    ysDtype: ys.dtype,
    capacity,
  };
}

const view = (buffer: SharedArrayBuffer, dtype: 'float32' | 'int32', offset: number, length: number) =>
  dtype === 'int32' ? new Int32Array(buffer, offset * 4, length) : new Float32Array(buffer, offset * 4, length);

/** The leader's end: post a share, then collect its answer. */
export function leaderEnd(buffers: StepChannelBuffers, timeoutMs = 60_000) {
  const control = new Int32Array(buffers.control);
  const numbers = new Float64Array(buffers.numbers);
  return {
    /** Writes `count` samples (their values, sample-major) and starts the replica's step. */
    post(xs: ArrayLike<number>, ys: ArrayLike<number>, count: number, share: number, learningRate: number): void {
      if (count > buffers.capacity) throw new Error(`a share of ${count} samples exceeds the channel's ${buffers.capacity}`);
      view(buffers.data, buffers.xsDtype, 0, count * buffers.xsPerSample).set(xs);
      view(buffers.data, buffers.ysDtype, buffers.capacity * buffers.xsPerSample, count * buffers.ysPerSample).set(ys);
      control[COUNT] = count;
      numbers[SHARE] = share;
      numbers[RATE] = learningRate;
      Atomics.add(control, GO, 1);
      Atomics.notify(control, GO);
    },
    /** Waits for the posted step's answer; `failure()` gives the reason when it failed. */
    collect(failure: () => string): { loss: number; accuracy?: number } {
      const target = Atomics.load(control, GO);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done === target) break;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new ReplicaStepFailed(
            `a data-parallel worker did not answer for ${Math.round(timeoutMs / 1000)} s (its thread may have run out of memory); train with 1 worker`,
          );
        Atomics.wait(control, DONE, done, Math.min(left, 1000));
      }
      if (control[FAILED] === 1) throw new ReplicaStepFailed(failure());
      return { loss: numbers[LOSS]!, ...(control[HAS_ACCURACY] === 1 ? { accuracy: numbers[ACCURACY]! } : {}) };
    },
    stop(): void {
      Atomics.store(control, STOP, 1);
      Atomics.notify(control, GO);
    },
  };
}

export interface ReplicaStep {
  xs: Float32Array | Int32Array;
  ys: Float32Array | Int32Array;
  count: number;
  share: number;
  learningRate: number;
}

/** The replica's end: wait for a share (null once stopped), answer it. */
export function replicaEnd(buffers: StepChannelBuffers) {
  const control = new Int32Array(buffers.control);
  const numbers = new Float64Array(buffers.numbers);
  let seen = 0;
  return {
    /** Blocks until the next share is posted; null when the leader stopped the run. */
    next(): ReplicaStep | null {
      for (;;) {
        if (Atomics.load(control, STOP) === 1) return null;
        const go = Atomics.load(control, GO);
        if (go !== seen) {
          seen = go;
          break;
        }
        Atomics.wait(control, GO, go, 1000);
      }
      const count = control[COUNT]!;
      // Copies: the leader overwrites the region with the next share once this step has answered.
      return {
        xs: view(buffers.data, buffers.xsDtype, 0, count * buffers.xsPerSample).slice(),
        ys: view(buffers.data, buffers.ysDtype, buffers.capacity * buffers.xsPerSample, count * buffers.ysPerSample).slice(),
        count,
        share: numbers[SHARE]!,
        learningRate: numbers[RATE]!,
      };
    },
    answer(result: { loss: number; accuracy?: number } | { failed: true }): void {
      if ('failed' in result) control[FAILED] = 1;
      else {
        numbers[LOSS] = result.loss;
        control[HAS_ACCURACY] = result.accuracy === undefined ? 0 : 1;
        if (result.accuracy !== undefined) numbers[ACCURACY] = result.accuracy;
      }
      Atomics.store(control, DONE, seen);
      Atomics.notify(control, DONE);
    },
  };
}
