import { useEffect, useMemo, useState } from 'react';
import type { DatasetSamples, Picture } from '../../../../shared/api/training-protocol';
import { isSourceType } from '../../../../shared/engine/registry';
import { contrast, flipHorizontal, randomAugment, rotate, shift, tint, zoom } from '../../../../shared/lab/augment';
import { mulberry32 } from '../../../../shared/data/random';
import { resizeBilinear } from '../../../../shared/lab/resize';
import { tensor3, type Tensor3 } from '../../../../shared/lab/tensor';
import type { LayerParams } from '../../../../shared/graph/graph';
import { useDocumentStore } from '../../store/document-store';
import { getHost } from '../../store/host';
import { useUiStore } from '../../store/ui-store';
import { PHOTOS } from '../../viz/photos';
import { pictureFromUrl, samplePicture } from '../../viz/picture';
import { ImagePanel } from '../ImagePanel';
import { LessonFrame } from './LessonFrame';

const toTensor = (p: Picture): Tensor3 =>
  tensor3(
    p.height,
    p.width,
    p.channels,
    Float32Array.from(p.pixels, (v) => v / 255),
  );

/** The augmentation layers the previews correspond to, with the amounts set on the sliders. */
function layersFor(s: Settings): { type: string; params: LayerParams }[] {
  return [
    { type: 'RandomFlip', params: { mode: 'horizontal' } },
    { type: 'RandomRotation', params: { factor: Math.round((s.degrees / 360) * 1000) / 1000 } },
    { type: 'RandomZoom', params: { height_factor: Math.round((s.zoom - 1) * 100) / 100 } },
    { type: 'RandomTranslation', params: { height_factor: s.shift, width_factor: s.shift } },
    { type: 'RandomContrast', params: { factor: Math.round(Math.abs(s.contrast - 1) * 100) / 100 } },
  ];
}

interface Settings {
  degrees: number;
  zoom: number;
  /** Fraction of the size. */
  shift: number;
  contrast: number;
}

export function Lesson9() {
  const [photo, setPhoto] = useState<Tensor3 | null>(null);
  const [batch, setBatch] = useState<DatasetSamples | null>(null);
  const [s, setS] = useState<Settings>({ degrees: 15, zoom: 1.25, shift: 0.1, contrast: 1.6 });
  const [added, setAdded] = useState<string | null>(null);
  useEffect(() => {
    void pictureFromUrl(PHOTOS.find((p) => p.id === 'chelsea')!.url).then((p) => setPhoto(resizeBilinear(toTensor(p), 150, 225)));
    const api = getHost();
    void api?.datasetSamples({ datasetId: 'mnist', count: 8 }).then(setBatch, () => setBatch(null));
  }, []);
  const previews = useMemo(() => {
    if (!photo) return [];
    const dy = Math.round(s.shift * photo.height),
      dx = Math.round(s.shift * photo.width);
    return [
      { name: 'flip (horizontal)', t: flipHorizontal(photo) },
      { name: `rotate ${s.degrees}°`, t: rotate(photo, s.degrees) },
      { name: `zoom ×${s.zoom}`, t: zoom(photo, s.zoom) },
      { name: `shift ${dy}, ${dx} px`, t: shift(photo, dy, dx) },
      { name: 'tint (warmer)', t: tint(photo, [1.2, 1, 0.8]) },
      { name: `contrast ×${s.contrast}`, t: contrast(photo, s.contrast) },
    ];
  }, [photo, s]);
  // A batch as training sees it: every image gets a random mix of the same transformations.
  const augmentedBatch = useMemo(() => {
    if (!batch) return [];
    const rand = mulberry32(11);
    return Array.from({ length: batch.count }, (_, i) => {
      return randomAugment(toTensor(samplePicture(batch, i)), rand, s);
    });
  }, [batch, s]);

  const addLayers = () => {
    const app = useDocumentStore.getState();
    const input = app.graph.nodes.find((n) => isSourceType(n.type));
    if (!input) return setAdded('The network has no Input layer to put the augmentation after.');
    // One edit, one undo step; the user's selection stays as it was.
    app.addLayers(input.id, layersFor(s));
    setAdded(
      `Added ${layersFor(s)
        .map((l) => l.type)
        .join(', ')} after ${input.name}.`,
    );
  };

  const slider = (key: keyof Settings, label: string, min: number, max: number, step: number) => (
    <label className="option">
      <span>
        {label}: {s[key]}
      </span>
      <input
        type="range"
        data-testid={`lesson-aug-${key}`}
        min={min}
        max={max}
        step={step}
        value={s[key]}
        onChange={(e) => setS({ ...s, [key]: Number(e.target.value) })}
      />
    </label>
  );
  const result = [
    photo
      ? `${previews.length} augmentations of the cat photo (${photo.height}×${photo.width}): ${previews.map((p) => p.name).join(', ')}`
      : 'Loading the photo…',
    batch ? `a batch of ${batch.count} ${batch.name} images, each randomly flipped, rotated up to ±${s.degrees}° and zoomed up to ×${s.zoom}` : '',
    `layers: ${layersFor(s)
      .map((l) => `${l.type}(${Object.values(l.params).join(', ')})`)
      .join(' → ')}`,
    added ?? '',
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <LessonFrame
      n={9}
      intro={
        <p>
          A network sees each training image many times; showing it slightly changed copies (flipped, rotated, shifted, zoomed, tinted, with another contrast)
          teaches it that these changes do not change the class, and fights overfitting. In Keras the changes are layers right after the input that act only
          while training.
        </p>
      }
      result={result}
      source="002 (data augmentation)"
    >
      <div className="row">
        {slider('degrees', 'rotation (°)', 0, 90, 1)}
        {slider('zoom', 'zoom', 1, 2, 0.05)}
        {slider('shift', 'shift (fraction)', 0, 0.3, 0.05)}
        {slider('contrast', 'contrast', 0.2, 3, 0.1)}
      </div>
      <div className="row-wrap" data-testid="lesson9-previews">
        {photo && <ImagePanel image={photo} title="original" />}
        {previews.map((p) => (
          <ImagePanel key={p.name} image={p.t} title={p.name} />
        ))}
      </div>
      <h3>A training batch, augmented</h3>
      <div className="row-wrap" data-testid="lesson9-batch">
        {augmentedBatch.map((t, i) => (
          <ImagePanel key={i} image={t} title={batch!.classNames[batch!.labels[i]!]!} />
        ))}
      </div>
      <p>
        <button data-testid="lesson-add-augmentation" onClick={addLayers}>
          Add these augmentation layers to the network
        </button>{' '}
        <button className="link" onClick={() => useUiStore.getState().setView('editor')}>
          open the network
        </button>
      </p>
    </LessonFrame>
  );
}
