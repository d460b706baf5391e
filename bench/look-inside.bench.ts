/**
 * "Look inside": what reading and drawing every feature map costs, and what live refresh costs training.
 * Both go through the main process's worker_threads TrainingService (src/main/worker/trainer.ts, wasm),
 * as bench/worker-roundtrip.bench.ts does; every figure is a ratio against a reference timed in the same run.
 *
 * 1. The course's Fashion-MNIST CNN (`fashionMnistCnn`, loaded untrained with `loadModel`), one 28×28×1
 *    picture (the first MNIST test digit: a dataset test image, as the input picker offers): `inspect` of every layer with the
 *    weights (extract), then every channel of every spatial activation painted into one RGBA atlas per
 *    layer with `paintAtlas` (render: what the UI does before making the layer's bitmap, per-channel
 *    normalization, diverging colours). Reference: one plain forward pass, `inspect` of the output node
 *    only without weights, i.e. a prediction. Medians of alternating rounds after warm-up.
 * 2. Training throughput with live refresh off (reference) and on, in alternating rounds: model A of
 *    bench/training-models.ts (the Fashion-MNIST CNN trains at ≈ 70 samples/s here, so runs long enough
 *    to refresh a few times would take minutes), batch 64, MNIST, the same seed both ways. "On" does what the UI's live refresh does:
 *    every 20 batches (counted from the `batch` events) one `inspect` (picture, weights) and the render of
 *    its feature maps, one request at a time; the trainer yields between batches, so requests are served
 *    mid-run. samples/s are timed from the `started` event to the last `batch` event.
 */
import { resolve } from 'node:path';
import type { InspectResult, Picture, TensorView, TrainingEvent, TrainRequest } from '../src/shared/api/training-protocol';
import { analyzeGraph } from '../src/shared/engine/analyze';
import { TrainingService } from '../src/main/services/training-service';
import { fashionMnistCnn } from '../src/shared/templates/course-networks';
import { paintAtlas, rangesFor } from '../src/shared/viz/atlas';
import { rangeOf, unionRange } from '../src/shared/viz/tensor-views';
import { benchModels, BATCH } from './training-models';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The UI's feature-map drawing, minus the canvas: every spatial activation painted as one atlas per layer
 * (`paintAtlas`, every channel against its own range), which the UI turns into one bitmap per layer.
 */
export function renderFeatureMaps(activations: TensorView[]): { canvases: number; pixels: number; checksum: number } {
  // VizPanel computes the whole-network range on every render, whatever the normalization.
  const network = unionRange(activations.map((a) => rangeOf(a)));
  let canvases = 0;
  let pixels = 0;
  let checksum = network.max > network.min ? 1 : 0;
  for (const a of activations) {
    if (a.shape.length < 2) continue;
    const atlas = paintAtlas(a, rangesFor('channel', a, network), 'diverging');
    checksum = (checksum + atlas.pixels[(atlas.pixels.length >> 3) * 4]!) | 0;
    canvases += atlas.channels;
    pixels += atlas.channels * atlas.tileWidth * atlas.tileHeight;
  }
  return { canvases, pixels, checksum };
}

const time = async (fn: () => Promise<unknown>) => {
  const start = performance.now();
  await fn();
  return performance.now() - start;
};

const row = (label: string, ms: string, ratio = '') => console.log(`${label.padEnd(52)}${ms.padStart(12)}${ratio}`);

export async function lookInsideBenchmark(options: { rounds?: number; trainRounds?: number; batches?: number; every?: number } = {}): Promise<void> {
  const rounds = options.rounds ?? 7;
  const trainRounds = options.trainRounds ?? 6;
  const batches = options.batches ?? 160;
  const every = options.every ?? 20;
  const service = new TrainingService({ workerPath: resolve(__dirname, '../src/main/worker/trainer.ts'), execArgv: ['--require', 'tsx/cjs'] });
  try {
    const samples = await service.datasetSamples({ datasetId: 'mnist', count: 1 });
    const picture: Picture = { pixels: samples.images.slice(0, 28 * 28), height: 28, width: 28, channels: 1 };

    // 1. Extract + render, against a prediction.
    const graph = fashionMnistCnn();
    const outputId = analyzeGraph(graph).outputIds[0]!;
    const jobId = 'bench-look-inside';
    await service.loadModel({ jobId, graph, seed: 1 });
    const forward = () => service.inspect({ jobId, picture, nodeIds: [outputId], weights: false });
    let result: InspectResult | null = null;
    let drawn = { canvases: 0, pixels: 0, checksum: 0 };
    const extract = async () => void (result = await service.inspect({ jobId, picture }));
    const render = async () => void (drawn = renderFeatureMaps(result!.activations));
    await forward(); // warm-up: worker start, backend, kernels
    await extract();
    await render();
    const times = { forward: [] as number[], extract: [] as number[], render: [] as number[], total: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      times.forward.push(await time(forward));
      const e = await time(extract);
      const d = await time(render);
      times.extract.push(e);
      times.render.push(d);
      times.total.push(e + d);
    }
    const spatial = result!.activations.filter((a) => a.shape.length >= 2).length;
    const weightValues = result!.weights.reduce((n, w) => n + w.values.length, 0);
    console.log(
      `\nLook inside: the course's Fashion-MNIST CNN, one 28×28×1 picture, worker_threads trainer; ms per image, medians of ${rounds} alternating rounds after warm-up`,
    );
    const ref = median(times.forward);
    row('forward pass, output only (reference)', `${ref.toFixed(2)} ms`);
    const line = (label: string, values: number[]) => row(label, `${median(values).toFixed(2)} ms`, `   ratio ${(median(values) / ref).toFixed(2)}`);
    line(`extract: ${result!.activations.length} layer outputs + ${(weightValues / 1e6).toFixed(2)} M weights`, times.extract);
    line(`render: ${drawn.canvases} channels of ${spatial} layers, ${drawn.pixels.toLocaleString('en-US')} px`, times.render);
    line('extract + render', times.total);
    console.log('(ratio: × one prediction; what reading and drawing every layer costs over a forward pass)');

    // 2. Training throughput, live refresh off and on.
    let runs = 0;
    const train = async (live: boolean): Promise<{ samplesPerSecond: number; refreshes: number }> => {
      const request: TrainRequest = {
        jobId: `bench-look-inside-train-${++runs}`,
        graph: benchModels.A(),
        datasetId: 'mnist',
        options: { epochs: 1, batchSize: BATCH, learningRate: 1e-3, seed: 1, shuffle: true, trainLimit: batches * BATCH, testLimit: BATCH },
      };
      let started = 0;
      let lastBatch = 0;
      let seen = 0;
      let due = every;
      let refreshes = 0;
      let inFlight: Promise<void> | null = null;
      let again = false;
      const failures: Error[] = [];
      // One request at a time; one asked for meanwhile runs after it (the viz store's rule).
      const refresh = (): void => {
        if (inFlight) {
          again = true;
          return;
        }
        inFlight = service
          .inspect({ jobId: request.jobId, picture })
          .then((r) => {
            renderFeatureMaps(r.activations);
            refreshes++;
          })
          .catch((e: Error) => void failures.push(e))
          .finally(() => {
            inFlight = null;
            if (again) {
              again = false;
              refresh();
            }
          });
      };
      const finished = new Promise<void>((done, fail) => {
        const off = service.onEvent((event: TrainingEvent) => {
          if (event.jobId !== request.jobId) return;
          if (event.type === 'started') started = performance.now();
          else if (event.type === 'batch') {
            lastBatch = performance.now();
            seen += event.losses.length;
            if (live && seen >= due && seen < batches) {
              due = (Math.floor(seen / every) + 1) * every;
              refresh();
            }
          } else if (event.type === 'done' || event.type === 'error') {
            off();
            if (event.type === 'error') fail(new Error(event.message));
            else done();
          }
        });
      });
      service.start(request);
      await finished;
      while (inFlight) await inFlight;
      if (failures.length) throw failures[0]!;
      if (seen !== batches) throw new Error(`trained ${seen} batches, expected ${batches}`);
      return { samplesPerSecond: (batches * BATCH * 1000) / (lastBatch - started), refreshes };
    };
    await train(false); // warm-up: dataset cache, model A's kernels
    const off: number[] = [];
    const on: number[] = [];
    const refreshCounts: number[] = [];
    // Alternating, and which goes first alternates too, so drift on the machine hits both alike.
    for (let r = 0; r < trainRounds; r++) {
      for (const live of r % 2 ? [true, false] : [false, true]) {
        const run = await train(live);
        (live ? on : off).push(run.samplesPerSecond);
        if (live) refreshCounts.push(run.refreshes);
      }
    }
    const offRate = median(off);
    const onRate = median(on);
    console.log(
      `\nTraining with live refresh: model A (bench/training-models.ts), batch ${BATCH}, ${batches} batches of MNIST, seed 1; samples/s, medians of ${trainRounds} alternating rounds after warm-up`,
    );
    const rate = (v: number) => Math.round(v).toLocaleString('en-US');
    const spread = (values: number[]) => `   (runs ${rate(Math.min(...values))}–${rate(Math.max(...values))})`;
    row('live refresh off (reference)', rate(offRate), spread(off));
    row(`live refresh on (every ${every} batches, ${median(refreshCounts)} a run)`, rate(onRate), spread(on));
    row('ratio on / off', (onRate / offRate).toFixed(2), '   (1.0 = refreshing costs training nothing)');
  } finally {
    await service.dispose();
  }
}
