import { useEffect, useRef, useState } from 'react';
import type { TrainingEvent } from '../../../../shared/api/training-protocol';
import { sobelHorizontal } from '../../../../shared/lab/kernels';
import { learnEdgeKernel } from '../../../../shared/lab/learn-edge';
import { sequentialGraph } from '../../../../shared/graph/build';
import { kernel3x3, noisyCrops, round1, sameWhenRounded, type CropPlan } from '../../../../shared/lab/sobel-lessons';
import { getHost } from '../../store/host';
import { PHOTOS } from '../../viz/photos';
import { pictureFromUrl } from '../../viz/picture';
import { MetricChart } from '../../components/MetricChart';
import { LessonFrame, MatrixView, matrixText } from './LessonFrame';

const CROP = 64;
const DATASET = 'user:lesson4-cameraman-crops';
/** ± this many gray levels of seeded noise: it gives every direction of the kernel a signal (see the intro). */
const NOISE = 32;
const MAX_EPOCHS = 300;
/** Where the crops are cut from the 512×512 cameraman (top, left). */
const OFFSETS: [number, number][] = [
  [180, 200],
  [100, 300],
  [300, 120],
  [60, 60],
  [380, 380],
  [250, 250],
];
const CROPS: CropPlan = { size: CROP, offsets: OFFSETS, noise: NOISE, seed: 4 };

type Status =
  | { phase: 'idle' }
  | { phase: 'training'; epoch: number }
  | { phase: 'done'; kernel: number[][]; bestEpoch: number | null }
  | { phase: 'error'; message: string };

/** The course's "learn a kernel": one Conv2D trained on (crop → its Sobel response) with MSE, Adam and early stopping. */
export function Lesson4() {
  const [status, setStatus] = useState<Status>({ phase: 'idle' });
  const [losses, setLosses] = useState<number[]>([]);
  const job = useRef<string | null>(null);
  const edge = useState(() => learnEdgeKernel())[0];
  useEffect(() => {
    const api = getHost();
    if (!api) return;
    return api.onTrainingEvent((event: TrainingEvent) => {
      if (event.jobId !== job.current) return;
      if (event.type === 'epoch') {
        setLosses((l) => [...l, event.metrics.loss]);
        setStatus({ phase: 'training', epoch: event.metrics.epoch + 1 });
      } else if (event.type === 'done') {
        const kernel = event.weights?.find((w) => w.name === 'kernel');
        if (!kernel) return setStatus({ phase: 'error', message: 'The run ended without weights.' });
        setStatus({ phase: 'done', kernel: kernel3x3(kernel.values), bestEpoch: event.bestEpoch ?? null });
      } else if (event.type === 'error') setStatus({ phase: 'error', message: event.message });
    });
  }, []);

  const train = async () => {
    const api = getHost();
    if (!api) return;
    setLosses([]);
    setStatus({ phase: 'training', epoch: 0 });
    try {
      const camera = await pictureFromUrl(PHOTOS.find((p) => p.id === 'camera')!.url);
      const images = noisyCrops(camera, CROPS);
      const labels = new Uint8Array(OFFSETS.length);
      await api.registerDataset({
        id: DATASET,
        name: 'cameraman crops',
        height: CROP,
        width: CROP,
        channels: 1,
        classNames: ['crop', 'crop'],
        train: { images, labels, count: OFFSETS.length },
        test: { images: images.slice(0, CROP * CROP), labels: labels.slice(0, 1), count: 1 },
      });
      const jobId = `lesson4-${Date.now()}`;
      job.current = jobId;
      await api.startTraining({
        jobId,
        graph: sequentialGraph([CROP, CROP, 1], [{ type: 'Conv2D', params: { filters: 1, kernel_size: [3, 3], use_bias: false } }]),
        datasetId: `sobel:${DATASET}`,
        options: {
          epochs: MAX_EPOCHS,
          batchSize: OFFSETS.length,
          learningRate: 0.05,
          seed: 42,
          optimizer: 'adam',
          loss: 'meanSquaredError',
          earlyStopping: { monitor: 'loss', patience: 20, restoreBestWeights: true },
          // Adam's steps stay ~lr long near the optimum; halving lr on plateaus lets it settle to 0.01 precision.
          reduceLrOnPlateau: { factor: 0.5, patience: 2, minLearningRate: 1e-4 },
        },
      });
    } catch (e) {
      setStatus({ phase: 'error', message: (e as Error).message });
    }
  };

  const sobel = sobelHorizontal();
  const rounded = status.phase === 'done' ? status.kernel.map((row) => row.map(round1)) : null;
  const same = status.phase === 'done' && sameWhenRounded(status.kernel, sobel);
  const edgeLines = edge.losses.flatMap((l, i) => ((i + 1) % 2 === 0 ? [`batch ${i + 1}, loss ${l.toFixed(3)}`] : []));
  const result = [
    status.phase === 'done'
      ? `learned kernel (rounded to 0.1) = ${matrixText(rounded!)} after ${losses.length} epochs${status.bestEpoch !== null ? ` (best epoch ${status.bestEpoch + 1} restored)` : ''}\nSobel kernel = ${matrixText(sobel)}\n${same ? 'OK. Learned and original Sobel filters are the same!' : 'Not the same yet.'}`
      : status.phase === 'training'
        ? `training… epoch ${status.epoch}`
        : status.phase === 'error'
          ? status.message
          : 'Press “Learn the Sobel kernel”.',
    ...edgeLines,
    `learned 1×2 kernel = [[${edge.kernel.map((v) => v.toFixed(3)).join(', ')}]]`,
  ].join('\n');

  return (
    <LessonFrame
      n={4}
      intro={
        <p>
          Suppose the Sobel kernel were unknown. Take images and their Sobel responses, and train a single <code>Conv2D(1, 3×3)</code> to map one to the other
          with the mean squared error and Adam (lr 0.05, halved when the loss stalls); early stopping on the loss (patience 20) keeps the best weights. The
          learned 3×3 kernel, rounded to 0.1, is the Sobel kernel. (The crops get a little noise first: on a smooth photo, neighbouring pixels are so alike that
          some kernel directions hardly change the loss, which is why the notebook runs up to 3,000 epochs.) The same idea with a 1×2 kernel and plain gradient
          descent (lr 0.03) recovers the edge detector [1, −1] in ten steps.
        </p>
      }
      result={result}
      source="000 (Sobel, Adam + EarlyStopping) and 004 (1×2 kernel, 10 steps)"
    >
      <div className="row-wrap">
        <div>
          <button className="primary" data-testid="lesson-train" disabled={status.phase === 'training'} onClick={() => void train()}>
            Learn the Sobel kernel
          </button>
          <p className="muted">
            {OFFSETS.length} crops of {CROP}×{CROP} from the cameraman with a little noise (±{NOISE} gray levels), trained in the app&apos;s training worker.
          </p>
          <MetricChart
            title="Training loss (MSE) per epoch"
            testId="lesson4-loss"
            xMax={Math.max(1, losses.length - 1)}
            xLabel="epoch"
            xText={(x) => String(x + 1)}
            log
            series={[{ label: 'loss', values: losses, className: 'series-train' }]}
          />
        </div>
        {status.phase === 'done' && (
          <MatrixView m={status.kernel.map((row) => row.map((v) => Math.round(v * 1000) / 1000))} caption="learned kernel" testId="lesson4-kernel" />
        )}
        <MatrixView m={sobel} caption="Sobel (the target)" />
        <div>
          <pre className="lesson4-edge" data-testid="lesson4-edge">
            {[`initial 1×2 kernel [[${edge.initial.map((v) => v.toFixed(3)).join(', ')}]]`, ...edgeLines].join('\n')}
          </pre>
        </div>
      </div>
    </LessonFrame>
  );
}
