/**
 * Which picture "Look inside" starts with. A network is best read on the kind of image it learns
 * from, so the default is the first test image of the dataset it was trained on (or is set to train
 * on) when that dataset's images have the Input's height and width; the worker then converts it the
 * way training batches are converted. An Input no dataset fits (224×224×3) starts on a bundled photo.
 */
import type { DatasetChoice } from '../api/app-api';
import type { NetworkGraph } from '../graph/graph';
import { isSourceType } from '../engine/registry';

export type InputChoice =
  /** Test image `index` of the image dataset `datasetId`. */
  | { kind: 'sample'; datasetId: string; index: number }
  /** A bundled photo; `datasetId` is the image dataset whose test images the picker still offers, if any. */
  | { kind: 'photo'; photoId: string; datasetId: string | null };

export interface InputChoiceContext {
  /** The network's (first) Input shape without the batch axis; null without an Input. */
  inputShape: readonly number[] | null;
  /** Every dataset the host offers, the user's own included, in the Train tab's order. */
  datasets: readonly Pick<DatasetChoice, 'id' | 'kind' | 'shape'>[];
  /** The dataset selected in the Train tab. */
  selectedId: string;
  /** The dataset the network's current weights were trained on, if they were. */
  trainedId?: string | null;
}

export const DEFAULT_PHOTO = 'camera';
const SOBEL_PREFIX = 'sobel:';

/** The image dataset whose test images a dataset's inputs are: `sobel:mnist` pairs MNIST digits with their edges. */
export function imageSourceOf(datasetId: string): string {
  return datasetId.startsWith(SOBEL_PREFIX) ? datasetId.slice(SOBEL_PREFIX.length) : datasetId;
}

/** The shape of the graph's first Input, as its field holds it. */
export function firstInputShape(graph: NetworkGraph): number[] | null {
  const shape = graph.nodes.find((n) => isSourceType(n.type))?.params.shape;
  return Array.isArray(shape) && shape.every((v) => typeof v === 'number') ? (shape as number[]) : null;
}

type Fit = 'exact' | 'size' | null;

/** Same H × W and channels (`exact`), or same H × W with gray ↔ RGB converted (`size`). */
function fit(input: readonly number[], image: readonly number[]): Fit {
  if (input.length !== 3 || input[0] !== image[0] || input[1] !== image[1]) return null;
  if (input[2] === image[2]) return 'exact';
  return [1, 3].includes(input[2]!) && [1, 3].includes(image[2]!) ? 'size' : null;
}

export function chooseDefaultInput({ inputShape, datasets, selectedId, trainedId }: InputChoiceContext): InputChoice {
  const byId = new Map(datasets.map((d) => [d.id, d]));
  const fitOf = (id: string | null | undefined): Fit => {
    const shape = id ? byId.get(id)?.shape : undefined;
    return inputShape && shape ? fit(inputShape, shape) : null;
  };
  const sample = (id: string): InputChoice => ({ kind: 'sample', datasetId: imageSourceOf(id), index: 0 });
  // What the weights learned comes first, then what the Train tab will use; both may convert channels.
  for (const id of [trainedId, selectedId]) if (id && fitOf(id)) return sample(id);
  // Otherwise any image dataset of that size, exact channels before converted ones.
  const images = datasets.filter((d) => d.kind === 'images');
  const other = images.find((d) => fitOf(d.id) === 'exact') ?? images.find((d) => fitOf(d.id) === 'size');
  if (other) return sample(other.id);
  const selected = byId.get(selectedId);
  const offered = selected?.shape && (selected.kind === 'images' || selectedId.startsWith(SOBEL_PREFIX)) ? imageSourceOf(selectedId) : null;
  return { kind: 'photo', photoId: DEFAULT_PHOTO, datasetId: offered };
}
