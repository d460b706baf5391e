/**
 * How the leader hands a replica its share of each batch and gets its loss back, in shared memory:
 * the leader writes the share's inputs and targets and bumps GO; the replica, blocked in
 * Atomics.wait, wakes within microseconds, trains, writes its loss and accuracy and sets DONE to the
 * same count. A message per step would cost a trip through each side's event loop twice a step,
 * which on a small network is a tenth of the step.
 *
 * Two data slots: the leader may post the next step while the replica trains on this one, so the
 * replica goes straight on instead of waiting for the leader to wake up, read the answer and cut the
 * next batch (about a millisecond a step on a small network). The state region carries the replica's
 * weights after each step (worker 1's), which the trainer copies into its model when it reads it.
 */

export interface StepChannelBuffers {
  control: SharedArrayBuffer;
  numbers: SharedArrayBuffer;
  data: SharedArrayBuffer;
  /** The replica's non-trainable weights after each step (empty where the model has none). */
  state: SharedArrayBuffer;
  /** Values of one input and one target sample, and their dtypes and shapes (without the batch axis). */
  xsPerSample: number;
  ysPerSample: number;
  xsShape: number[];
  ysShape: number[];
  xsDtype: 'float32' | 'int32';
  ysDtype: 'float32' | 'int32';
  capacity: number;
}

// Control block (Int32 slots): counters, then per data slot (2) its sample count and whether it has an accuracy.
const GO = 0; // steps posted
const DONE = 1; // steps answered
const STOP = 2; // 1: the replica leaves its loop
const FAILED = 3; // 1: a step failed (the message is in the exchange's abort reason)
const COUNT = 4; // + slot
const HAS_ACCURACY = 6; // + slot
const CONTROL_SLOTS = 8;
// Numbers (Float64), per slot: share, learning rate, loss, accuracy.
const SHARE = 0;
const RATE = 1;
const LOSS = 2;
const ACCURACY = 3;
const NUMBERS = 4;
/** Steps that may be posted and not yet collected: the one training and the next, waiting. */
const IN_FLIGHT = 2;

export class ReplicaStepFailed extends Error {}

export function createStepChannel(
  capacity: number,
  xs: { shape: number[]; dtype: 'float32' | 'int32' },
  ys: { shape: number[]; dtype: 'float32' | 'int32' },
  stateSize = 0,
): StepChannelBuffers {
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const xsPerSample = size(xs.shape);
  const ysPerSample = size(ys.shape);
  return {
    control: new SharedArrayBuffer(CONTROL_SLOTS * 4),
    numbers: new SharedArrayBuffer(IN_FLIGHT * NUMBERS * 8),
    data: new SharedArrayBuffer(IN_FLIGHT * capacity * (xsPerSample + ysPerSample) * 4),
    state: new SharedArrayBuffer(stateSize * 4),
    xsPerSample,
    ysPerSample,
    xsShape: xs.shape,
    ysShape: ys.shape,
    xsDtype: xs.dtype,
    ysDtype: ys.dtype,
    capacity,
  };
}

/** Step k (from 1) uses slot k mod 2: the leader writes step k + 1 while the replica trains on step k. */
const slotOf = (step: number) => step % IN_FLIGHT;

function regions(buffers: StepChannelBuffers, slot: number, count: number) {
  const { capacity, xsPerSample, ysPerSample } = buffers;
  const base = slot * capacity * (xsPerSample + ysPerSample);
  const view = (dtype: 'float32' | 'int32', offset: number, length: number) =>
    dtype === 'int32' ? new Int32Array(buffers.data, offset * 4, length) : new Float32Array(buffers.data, offset * 4, length);
  return { xs: view(buffers.xsDtype, base, count * xsPerSample), ys: view(buffers.ysDtype, base + capacity * xsPerSample, count * ysPerSample) };
}

/** The leader's end: post shares (up to two ahead of what it collected), collect their answers in order. `name`: how errors call the replica. */
export function leaderEnd(buffers: StepChannelBuffers, timeoutMs = 60_000, name = 'a data-parallel worker') {
  const control = new Int32Array(buffers.control);
  const numbers = new Float64Array(buffers.numbers);
  let posted = 0;
  let collected = 0;
  return {
    /** Writes `count` samples (their values, sample-major) and starts (or queues) the replica's step. */
    post(xs: ArrayLike<number>, ys: ArrayLike<number>, count: number, share: number, learningRate: number): void {
      if (count > buffers.capacity) throw new Error(`a share of ${count} samples exceeds the channel's ${buffers.capacity}`);
      if (posted - collected >= IN_FLIGHT) throw new Error(`${IN_FLIGHT} steps are already waiting for ${name}`);
      const step = posted + 1;
      const slot = slotOf(step);
      const region = regions(buffers, slot, count);
      region.xs.set(xs);
      region.ys.set(ys);
      control[COUNT + slot] = count;
      numbers[slot * NUMBERS + SHARE] = share;
      numbers[slot * NUMBERS + RATE] = learningRate;
      posted = step;
      Atomics.store(control, GO, step);
      Atomics.notify(control, GO);
    },
    /** Steps posted and not collected. */
    get inFlight() {
      return posted - collected;
    },
    /** The replica's weights as its last answered step left them. */
    state: new Float32Array(buffers.state),
    /** Waits for the oldest uncollected step's answer; `failure()` gives the reason when it failed. */
    collect(failure: () => string): { loss: number; accuracy?: number } {
      if (collected === posted) throw new Error(`nothing was posted to ${name}`);
      const target = collected + 1;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const done = Atomics.load(control, DONE);
        if (done >= target) break;
        if (control[FAILED] === 1) break;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new ReplicaStepFailed(
            `${name} did not answer for ${Math.round(timeoutMs / 1000)} s (its thread may have run out of memory); train with 1 worker`,
          );
        Atomics.wait(control, DONE, done, Math.min(left, 1000));
      }
      if (control[FAILED] === 1) throw new ReplicaStepFailed(failure());
      collected = target;
      const slot = slotOf(target);
      return { loss: numbers[slot * NUMBERS + LOSS]!, ...(control[HAS_ACCURACY + slot] === 1 ? { accuracy: numbers[slot * NUMBERS + ACCURACY]! } : {}) };
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

/** The replica's end: take the posted steps in order (null once stopped), answer each. */
export function replicaEnd(buffers: StepChannelBuffers) {
  const control = new Int32Array(buffers.control);
  const numbers = new Float64Array(buffers.numbers);
  let step = 0;
  return {
    /** Blocks until the next step is posted; null when the leader stopped the run. */
    next(): ReplicaStep | null {
      for (;;) {
        if (Atomics.load(control, STOP) === 1) return null;
        const go = Atomics.load(control, GO);
        if (go > step) break;
        Atomics.wait(control, GO, go, 1000);
      }
      step++;
      const slot = slotOf(step);
      const count = control[COUNT + slot]!;
      const region = regions(buffers, slot, count);
      // Copies: the leader writes step + 2 into this slot once this step has been collected.
      return {
        xs: region.xs.slice(),
        ys: region.ys.slice(),
        count,
        share: numbers[slot * NUMBERS + SHARE]!,
        learningRate: numbers[slot * NUMBERS + RATE]!,
      };
    },
    /** Where the replica writes its weights before it answers. */
    state: new Float32Array(buffers.state),
    answer(result: { loss: number; accuracy?: number } | { failed: true }): void {
      const slot = slotOf(step);
      if ('failed' in result) control[FAILED] = 1;
      else {
        numbers[slot * NUMBERS + LOSS] = result.loss;
        control[HAS_ACCURACY + slot] = result.accuracy === undefined ? 0 : 1;
        if (result.accuracy !== undefined) numbers[slot * NUMBERS + ACCURACY] = result.accuracy;
      }
      Atomics.store(control, DONE, step);
      Atomics.notify(control, DONE);
    },
  };
}
