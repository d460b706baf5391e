/**
 * The gradient exchange of data-parallel training: P parties (the replicas, each a worker with its
 * own tfjs engine) train the same model on their share of a batch, and every step's
 * gradients meet in shared memory before any party applies them. Each party writes its gradients
 * and its share of the batch, arrives at a barrier, then computes the same weighted mean of all
 * parties' gradients in the same order (bit for bit the same on every party), so every party's
 * optimizer takes the same step and the models stay identical without sending weights.
 *
 * Memory: one Int32 control block (per party: the last step it arrived at; one abort flag with its
 * reason) and, per step parity, P gradient slots and P share counts. Parity double-buffers the
 * slots: a party that has read step s's slots and writes step s+1's cannot overwrite what a slower
 * party still reads of step s (reaching s+2 needs everyone's arrival at s+1).
 *
 * Blocking is Atomics.wait, which workers may do (the trainer and replicas always run in one), in
 * slices so that an abort (a replica failed and said why) or a timeout (a replica died silently)
 * ends the wait with an error instead of a hang.
 */

/** What the parties share (structured-cloneable: posted to each replica as it starts). */
export interface ExchangeBuffers {
  /** The data-parallel workers (party p is worker p + 1). */
  parties: number;
  /** Float32 values per party per step: every trainable weight's gradient, concatenated. */
  size: number;
  control: SharedArrayBuffer;
  gradients: SharedArrayBuffer;
  shares: SharedArrayBuffer;
}

// Control block: ARRIVED + p holds the last step party p arrived at; ABORT is 1 once a party gave up.
const ABORT = 0;
const REASON_LENGTH = 1;
const REASON = 2; // UTF-16 code units of the reason, up to REASON_CAPACITY
const REASON_CAPACITY = 256;
const ARRIVED = REASON + REASON_CAPACITY;

export class ExchangeAborted extends Error {}

/** Shared buffers for `parties` parties exchanging `size` gradient values a step. */
export function createExchangeBuffers(parties: number, size: number): ExchangeBuffers {
  if (typeof SharedArrayBuffer === 'undefined') throw new Error('Data-parallel training needs SharedArrayBuffer (a cross-origin isolated page).');
  return {
    parties,
    size,
    control: new SharedArrayBuffer((ARRIVED + parties) * 4),
    gradients: new SharedArrayBuffer(2 * parties * size * 4),
    shares: new SharedArrayBuffer(2 * parties * 8),
  };
}

/** Marks the exchange as given up (every waiting party throws `reason`); safe to call from any party. */
export function abortExchange(buffers: ExchangeBuffers, reason: string): void {
  const control = new Int32Array(buffers.control);
  const text = reason.slice(0, REASON_CAPACITY);
  for (let i = 0; i < text.length; i++) control[REASON + i] = text.charCodeAt(i);
  control[REASON_LENGTH] = text.length;
  Atomics.store(control, ABORT, 1);
  for (let p = 0; p < buffers.parties; p++) Atomics.notify(control, ARRIVED + p);
}

/** Why the exchange was given up ('' while it was not). */
export function abortReasonOf(buffers: ExchangeBuffers): string {
  const control = new Int32Array(buffers.control);
  return Atomics.load(control, ABORT) === 1 ? abortReason(control) : '';
}

function abortReason(control: Int32Array): string {
  const length = control[REASON_LENGTH]!;
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(control[REASON + i]!);
  return text || 'a replica stopped';
}

export interface ExchangeParty {
  /**
   * Writes this party's gradients (`size` values) and its share of the batch (samples; 0 for a
   * party that only pads a batch smaller than the party count), waits for every party, and returns
   * the share-weighted mean of all parties' gradients.
   */
  exchange(gradients: Float32Array, share: number): Float32Array;
  /** Steps exchanged so far. */
  readonly steps: number;
}

/**
 * Party `index` of the exchange. `timeoutMs`: how long to wait for the others at one step before
 * giving up (a replica that died without a word).
 */
export function joinExchange(buffers: ExchangeBuffers, index: number, timeoutMs = 60_000): ExchangeParty {
  const { parties, size } = buffers;
  const control = new Int32Array(buffers.control);
  const gradients = new Float32Array(buffers.gradients);
  const shares = new Float64Array(buffers.shares);
  const mean = new Float32Array(size);
  const sum = new Float64Array(size);
  let step = 0;

  const waitFor = (party: number, target: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (Atomics.load(control, ABORT) === 1) throw new ExchangeAborted(abortReason(control));
      const seen = Atomics.load(control, ARRIVED + party);
      if (seen >= target) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        abortExchange(
          buffers,
          `data-parallel worker ${party + 1} of ${parties} did not answer for ${Math.round(timeoutMs / 1000)} s (its thread may have run out of memory); train with 1 worker`,
        );
        throw new ExchangeAborted(abortReason(control));
      }
      Atomics.wait(control, ARRIVED + party, seen, Math.min(left, 1000));
    }
  };

  return {
    get steps() {
      return step;
    },
    exchange(own, share) {
      if (own.length !== size) throw new Error(`gradient size ${own.length} does not match the exchange's ${size}`);
      step++;
      const parity = step & 1;
      gradients.set(own, (parity * parties + index) * size);
      shares[parity * parties + index] = share;
      Atomics.store(control, ARRIVED + index, step);
      Atomics.notify(control, ARRIVED + index);
      for (let p = 0; p < parties; p++) if (p !== index) waitFor(p, step);
      // Every party sums in party order in float64, so all get the same float32 mean.
      let total = 0;
      for (let p = 0; p < parties; p++) total += shares[parity * parties + p]!;
      sum.fill(0);
      for (let p = 0; p < parties; p++) {
        const w = shares[parity * parties + p]!;
        if (w === 0) continue;
        const offset = (parity * parties + p) * size;
        for (let i = 0; i < size; i++) sum[i] = sum[i]! + w * gradients[offset + i]!;
      }
      for (let i = 0; i < size; i++) mean[i] = sum[i]! / total;
      return mean;
    },
  };
}
