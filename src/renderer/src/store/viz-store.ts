/**
 * "Look inside": which picture goes in, how maps are drawn, and the latest read-out of the network.
 * The worker does the work (forward pass, weight reads); this store decides which model to ask —
 * the running job while training, the trained network after, else an untrained model of the current
 * graph (seeded, fixed kernels and restored weights applied) — and keeps one request in flight.
 */
import { create } from 'zustand';
import type { DatasetSamples, InspectResult, Picture } from '../../../shared/api/training-protocol';
import { sameNetwork } from '../../../shared/graph/identity';
import type { NetworkGraph } from '../../../shared/graph/graph';
import type { ColorMap } from '../../../shared/viz/colormap';
import type { Normalization } from '../../../shared/viz/tensor-views';
import { PHOTOS } from '../viz/photos';
import { pictureFromUrl, samplePicture } from '../viz/picture';
import { isTrainingBusy, useAppStore } from './app-store';
import { analysisOf } from './use-analysis';

export type InputSource = { kind: 'photo'; id: string } | { kind: 'sample'; index: number } | { kind: 'file'; name: string };

export interface Hover {
  nodeId: string;
  row: number;
  col: number;
  channel: number;
  value: number;
}

export interface Snapshot {
  epoch: number;
  result: InspectResult;
}

const SAMPLE_COUNT = 16;
/** Above this many activation values the panel asks only for the nodes it shows. */
const ALL_LAYERS_LIMIT = 4_000_000;
const VIZ_JOB = 'viz';
const MAX_SNAPSHOTS = 200;

export interface VizState {
  source: InputSource;
  picture: Picture | null;
  /** What the picture is, in words (photo credit, sample label). */
  pictureLabel: string;
  samples: DatasetSamples | null;
  result: InspectResult | null;
  /** Which model the result came from, in words. */
  modelLabel: string;
  busy: boolean;
  error: string | null;
  normalize: Normalization;
  colormap: ColorMap;
  allLayers: boolean;
  /** Refresh every N batches while training. */
  everyBatches: number;
  live: boolean;
  snapshots: Snapshot[];
  /** The snapshot shown (index into `snapshots`); null = the latest read-out. */
  snapshotIndex: number | null;
  hover: Hover | null;
  enlarged: { nodeId: string; channel: number } | null;
  filterChannel: number;

  setSource(source: InputSource, picture?: Picture): Promise<void>;
  loadSamples(): Promise<void>;
  refresh(reason?: 'epoch'): Promise<void>;
  set(patch: Partial<Pick<VizState, 'normalize' | 'colormap' | 'allLayers' | 'everyBatches' | 'live' | 'snapshotIndex' | 'hover' | 'enlarged' | 'filterChannel'>>): void;
}

/** The graph the `viz` job was last built from. */
let vizGraph: NetworkGraph | null = null;
let inFlight: Promise<void> | null = null;
let again: 'epoch' | 'plain' | null = null;

async function pickModel(): Promise<{ jobId: string; label: string }> {
  const app = useAppStore.getState();
  const api = app.api!;
  const { training, trained, graph } = app;
  if (isTrainingBusy(training) && training.status !== 'starting' && training.jobId) return { jobId: training.jobId, label: `training (epoch ${training.epoch + 1})` };
  if (trained && sameNetwork(trained.graph, graph)) {
    const jobId = await app.ensureTrainedModel();
    if (jobId) return { jobId, label: 'trained network' };
  }
  if (!vizGraph || !sameNetwork(vizGraph, graph)) {
    const { notes } = await api.loadModel({ jobId: VIZ_JOB, graph, seed: app.setup.options.seed ?? 42, weights: trained?.weights ?? [] });
    vizGraph = graph;
    if (notes.length) useAppStore.getState().showNotice({ kind: 'info', text: notes.join(' ') });
  }
  const seed = app.setup.options.seed ?? 42;
  const fixed = graph.nodes.some((n) => n.weights && Object.keys(n.weights).length);
  const label = trained
    ? 'trained weights where the layers still fit, the rest untrained'
    : fixed
      ? `the layers' fixed kernels; any other weight untrained (random, seed ${seed})`
      : `untrained (random initial weights, seed ${seed})`;
  return { jobId: VIZ_JOB, label };
}

export const useVizStore = create<VizState>()((set, get) => ({
  source: { kind: 'photo', id: 'camera' },
  picture: null,
  pictureLabel: '',
  samples: null,
  result: null,
  modelLabel: '',
  busy: false,
  error: null,
  normalize: 'channel',
  colormap: 'diverging',
  allLayers: false,
  everyBatches: 20,
  live: true,
  snapshots: [],
  snapshotIndex: null,
  hover: null,
  enlarged: null,
  filterChannel: 0,

  async setSource(source, given) {
    set({ source, error: null });
    try {
      let picture = given ?? null;
      let label = source.kind === 'file' ? source.name : '';
      if (source.kind === 'photo') {
        const photo = PHOTOS.find((p) => p.id === source.id) ?? PHOTOS[0]!;
        picture = await pictureFromUrl(photo.url);
        label = `${photo.title} — ${photo.credit}`;
      } else if (source.kind === 'sample') {
        const samples = get().samples ?? (await get().loadSamples(), get().samples);
        if (!samples) throw new Error('The dataset samples could not be loaded.');
        picture = samplePicture(samples, source.index);
        label = `${samples.name} test image ${source.index + 1}: ${samples.classNames[samples.labels[source.index]!] ?? '?'}`;
      }
      set({ picture, pictureLabel: label });
      await get().refresh();
    } catch (e) {
      set({ error: (e as Error).message });
    }
  },

  async loadSamples() {
    const app = useAppStore.getState();
    if (!app.api) return;
    try {
      const samples = await app.api.datasetSamples({ datasetId: app.setup.datasetId, count: SAMPLE_COUNT });
      set({ samples });
    } catch (e) {
      set({ error: `No samples from ${app.setup.datasetId}: ${(e as Error).message}` });
    }
  },

  async refresh(reason) {
    // One request at a time; a refresh asked for meanwhile runs once after it.
    if (inFlight) {
      again = reason === 'epoch' || again === 'epoch' ? 'epoch' : 'plain';
      return inFlight;
    }
    const run = async () => {
      const { picture } = get();
      const app = useAppStore.getState();
      if (!picture || !app.api) return;
      set({ busy: true });
      try {
        const { jobId, label } = await pickModel();
        const analysis = analysisOf(app.graph);
        const total = Object.values(analysis.nodes).reduce((sum, n) => sum + (n.shape ? n.shape.reduce((a, b) => a * b, 1) : 0), 0);
        const selected = app.selectedNodeIds;
        const nodeIds = total > ALL_LAYERS_LIMIT ? [...selected, ...analysis.outputIds] : undefined;
        const result = await app.api.inspect({ jobId, picture, ...(nodeIds ? { nodeIds } : {}) });
        const epoch = useAppStore.getState().training.epochMetrics.length;
        const snapshots = reason === 'epoch' ? [...get().snapshots, { epoch, result }].slice(-MAX_SNAPSHOTS) : get().snapshots;
        set({ result, modelLabel: label, error: null, snapshots });
      } catch (e) {
        set({ error: (e as Error).message });
      } finally {
        set({ busy: false });
      }
    };
    inFlight = run().finally(() => {
      inFlight = null;
      const next = again;
      again = null;
      if (next) void get().refresh(next === 'epoch' ? 'epoch' : undefined);
    });
    return inFlight;
  },

  set(patch) {
    set(patch);
  },
}));

/** Forget the per-epoch snapshots (a new run starts). */
export function clearSnapshots(): void {
  useVizStore.setState({ snapshots: [], snapshotIndex: null });
}
