import { useEffect, useState, type DragEvent } from 'react';
import { firstInputShape } from '../../../../shared/viz/input-choice';
import { PHOTOS } from '../../viz/photos';
import { decodePicture } from '../../viz/picture';
import { useAppStore } from '../../store/app-store';
import { messageOf, useVizStore } from '../../store/viz-store';
import { SampleOptions } from './SampleOptions';

/** Which picture goes in: a bundled photo, a test image of the dataset, or the user's own file (also by drag and drop). */
export function InputPicker() {
  const { source, samples, pick, followNetwork, pictureLabel } = useVizStore();
  // What the default input depends on: the Input's shape, the selected dataset, the trained weights.
  const follows = useAppStore((s) => `${JSON.stringify(firstInputShape(s.graph))} ${s.setup.datasetId} ${s.trained?.runId ?? ''} ${s.userDatasets.length}`);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    void followNetwork();
  }, [follows, followNetwork]);
  const value = source.kind === 'photo' ? `photo:${source.id}` : source.kind === 'sample' ? `sample:${source.index}` : 'file';
  const openFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      await pick({ kind: 'file', name: file.name }, await decodePicture(file));
    } catch (e) {
      useVizStore.setState({ error: messageOf(e) });
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void openFile(e.dataTransfer.files[0]);
  };
  return (
    <div
      className={`viz-picker${dragging ? ' viz-picker--drop' : ''}`}
      data-testid="viz-drop-zone"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label className="option option--wide">
        <span>Input</span>
        <select
          data-testid="viz-input"
          value={value}
          onChange={(e) => {
            const [kind, rest] = e.target.value.split(':') as [string, string];
            if (kind === 'photo') void pick({ kind: 'photo', id: rest });
            else if (kind === 'sample') void pick({ kind: 'sample', index: Number(rest) });
          }}
        >
          <optgroup label="Photos">
            {PHOTOS.map((p) => (
              <option key={p.id} value={`photo:${p.id}`}>
                {p.title}
              </option>
            ))}
          </optgroup>
          <SampleOptions samples={samples} />
          {source.kind === 'file' && <option value="file">{source.name}</option>}
        </select>
      </label>
      <label className="button-like">
        Your image…
        <input type="file" accept="image/*" data-testid="viz-input-file" hidden onChange={(e) => void openFile(e.target.files?.[0])} />
      </label>
      <p className="muted viz-picker__label" data-testid="viz-input-label">
        {pictureLabel || 'Loading the input…'} {dragging ? '— drop the image here' : '(or drop an image file here)'}
      </p>
    </div>
  );
}
