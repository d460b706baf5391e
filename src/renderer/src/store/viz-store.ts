/**
 * "Look inside": which picture goes in, how maps are drawn, and the latest read-out of the network.
 * The worker does the work (forward pass, weight reads); this store decides which model to ask —
 * the running job while training, the trained network after, else an untrained model of the current
 * graph (seeded, fixed kernels and restored weights applied) — and keeps one request in flight.
 */
import { create } from 'zustand';
import type { DatasetChoice } from '../../../shared/api/app-api';
import type { DatasetSamples, InspectResult, Picture } from '../../../shared/api/training-protocol';
import { sameNetwork } from '../../../shared/graph/identity';
import type { NetworkGraph } from '../../../shared/graph/graph';
import type { ColorMap } from '../../../shared/viz/colormap';
import { chooseDefaultInput, DEFAULT_PHOTO, firstInputShape, type InputChoice } from '../../../shared/viz/input-choice';
import type { Normalization } from '../../../shared/viz/tensor-views';
import type { ImageSource } from '../viz/image-choice';
import { PHOTOS } from '../viz/photos';
import { pictureFromUrl, samplePicture } from '../viz/picture';
import { useDocumentStore } from './document-store';
import { getHost, hasHost } from './host';
import { showNotice } from './notice-store';
import { isTrainingBusy } from './training-reducer';
import { useTrainingStore } from './training-store';
import { analysisOf } from './use-analysis';

export type InputSource = ImageSource;

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
  /** The image dataset `samples` came from. */
  samplesDatasetId: string | null;
  /** True until the user picks an input: the default then follows the network and its dataset. */
  auto: boolean;
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
  /** The user's pick in the input picker (the default stops following the network). */
  pick(source: InputSource, picture?: Picture): Promise<void>;
  /** The default input for the network as it is now (`chooseDefaultInput`), unless the user picked one. */
  followNetwork(): Promise<void>;
  loadSamples(datasetId?: string): Promise<void>;
  refresh(reason?: 'epoch'): Promise<void>;
  set(
    patch: Partial<Pick<VizState, 'normalize' | 'colormap' | 'allLayers' | 'everyBatches' | 'live' | 'snapshotIndex' | 'hover' | 'enlarged' | 'filterChannel'>>,
  ): void;
}

/** A failure in words, whatever was thrown (never "undefined"). */
export const messageOf = (e: unknown): string =>
  e instanceof Error && e.message ? e.message : typeof e === 'string' && e ? e : 'an unexpected error (no message)';

let datasetList: Promise<DatasetChoice[]> | null = null;

/** What `chooseDefaultInput` says for the open network, its selected dataset and the one its weights learned. */
async function currentChoice(): Promise<InputChoice> {
  const app = useTrainingStore.getState();
  const { graph } = useDocumentStore.getState();
  datasetList ??= getHost()
    .listDatasets()
    .catch(() => ((datasetList = null), []));
  const datasets = [...((await datasetList) ?? []), ...app.userDatasets];
  const trained = app.trained && sameNetwork(app.trained.graph, graph) ? app.runs.find((r) => r.id === app.trained!.runId)?.datasetId : undefined;
  return chooseDefaultInput({ inputShape: firstInputShape(graph), datasets, selectedId: app.setup.datasetId, trainedId: trained ?? null });
}

/** The graph the `viz` job was last built from. */
let vizGraph: NetworkGraph | null = null;
let inFlight: Promise<void> | null = null;
let again: 'epoch' | 'plain' | null = null;

async function pickModel(): Promise<{ jobId: string; label: string }> {
  const app = useTrainingStore.getState();
  const api = getHost();
  const { training, trained } = app;
  const { graph } = useDocumentStore.getState();
  if (isTrainingBusy(training) && training.status !== 'starting' && training.jobId)
    return { jobId: training.jobId, label: `training (epoch ${training.epoch + 1})` };
  if (trained && sameNetwork(trained.graph, graph)) {
    const jobId = await app.ensureTrainedModel();
    if (jobId) return { jobId, label: 'trained network' };
  }
  if (!vizGraph || !sameNetwork(vizGraph, graph)) {
    const { notes } = await api.loadModel({ jobId: VIZ_JOB, graph, seed: app.setup.options.seed ?? 42, weights: trained?.weights ?? [] });
    vizGraph = graph;
    if (notes.length) showNotice({ kind: 'info', text: notes.join(' ') });
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

let following: Promise<void> = Promise.resolve();

export const useVizStore = create<VizState>()((set, get) => {
  async function follow(): Promise<void> {
    if (!getHost()) return;
    const choice = await currentChoice();
    const before = get().samplesDatasetId;
    if (choice.datasetId && choice.datasetId !== before) await get().loadSamples(choice.datasetId);
    const { auto, source, picture, samplesDatasetId } = get();
    const newSamples = samplesDatasetId !== before;
    if (!auto) {
      // The user's sample becomes the same test image number of the dataset now offered.
      if (!picture || (source.kind === 'sample' && newSamples)) await get().setSource(source);
      return;
    }
    const next: InputSource = choice.kind === 'sample' ? { kind: 'sample', index: choice.index } : { kind: 'photo', id: choice.photoId };
    const same = picture && JSON.stringify(next) === JSON.stringify(source) && !(next.kind === 'sample' && newSamples);
    if (!same) await get().setSource(next);
  }

  return {
    source: { kind: 'photo', id: DEFAULT_PHOTO },
    picture: null,
    pictureLabel: '',
    samples: null,
    samplesDatasetId: null,
    auto: true,
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
          if (!samples) throw new Error(get().error ?? 'The dataset’s test images could not be loaded.');
          picture = samplePicture(samples, source.index);
          label = `${samples.name} test image ${source.index + 1}: ${samples.classNames[samples.labels[source.index]!] ?? `class ${samples.labels[source.index]}`}, ${samples.height} × ${samples.width} × ${samples.channels}`;
        }
        set({ picture, pictureLabel: label });
        await get().refresh();
      } catch (e) {
        set({ error: messageOf(e) });
      }
    },

    async pick(source, picture) {
      set({ auto: false });
      await get().setSource(source, picture);
    },

    followNetwork() {
      // One at a time, in order: the panel opening and a dataset change may ask together.
      following = following.then(follow, follow);
      return following;
    },

    async loadSamples(datasetId) {
      if (!hasHost()) return;
      const id = datasetId ?? get().samplesDatasetId ?? useTrainingStore.getState().setup.datasetId;
      try {
        const samples = await getHost().datasetSamples({ datasetId: id, count: SAMPLE_COUNT });
        set({ samples, samplesDatasetId: id });
      } catch (e) {
        set({ samples: null, samplesDatasetId: null, error: `The test images of “${id}” could not be loaded: ${messageOf(e)}` });
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
        const { graph, selectedNodeIds } = useDocumentStore.getState();
        if (!picture || !hasHost()) return;
        set({ busy: true });
        try {
          const { jobId, label } = await pickModel();
          const analysis = analysisOf(graph);
          const total = Object.values(analysis.nodes).reduce((sum, n) => sum + (n.shape ? n.shape.reduce((a, b) => a * b, 1) : 0), 0);
          const selected = selectedNodeIds;
          const nodeIds = total > ALL_LAYERS_LIMIT ? [...selected, ...analysis.outputIds] : undefined;
          const result = await getHost().inspect({ jobId, picture, ...(nodeIds ? { nodeIds } : {}) });
          const epoch = useTrainingStore.getState().training.epochMetrics.length;
          const snapshots = reason === 'epoch' ? [...get().snapshots, { epoch, result }].slice(-MAX_SNAPSHOTS) : get().snapshots;
          set({ result, modelLabel: label, error: null, snapshots });
        } catch (e) {
          set({ error: messageOf(e) });
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
  };
});

/** Forget the per-epoch snapshots (a new run starts). */
export function clearSnapshots(): void {
  useVizStore.setState({ snapshots: [], snapshotIndex: null });
}
