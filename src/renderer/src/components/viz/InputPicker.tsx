import { useEffect, useState, type DragEvent } from 'react';
import { firstInputShape } from '../../../../shared/viz/input-choice';
import { decodePicture } from '../../viz/picture';
import { useDocumentStore } from '../../store/document-store';
import { useTrainingStore } from '../../store/training-store';
import { messageOf, useVizStore } from '../../store/viz-store';
import { ImagePicker } from './ImagePicker';

/** Which picture goes in: a bundled photo, a test image of the dataset, or the user's own file (also by drag and drop). */
export function InputPicker() {
  const { source, samples, pick, followNetwork, pictureLabel } = useVizStore();
  // What the default input depends on: the Input's shape, the selected dataset, the trained weights.
  const inputKey = useDocumentStore((s) => JSON.stringify(firstInputShape(s.graph)));
  const follows = useTrainingStore((s) => `${inputKey} ${s.setup.datasetId} ${s.trained?.runId ?? ''} ${s.userDatasets.length}`);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    void followNetwork();
  }, [follows, followNetwork]);
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
      <ImagePicker
        label="Input"
        source={source}
        samples={samples}
        photoPrefix="photo:"
        testId="viz-input"
        fileTestId="viz-input-file"
        onPick={(choice) => void pick(choice)}
        onFile={(file) => void openFile(file)}
      />
      <p className="muted viz-picker__label" data-testid="viz-input-label">
        {pictureLabel || 'Loading the input…'} {dragging ? '— drop the image here' : '(or drop an image file here)'}
      </p>
    </div>
  );
}
