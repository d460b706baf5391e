import { useState } from 'react';
import { classCounts, toDataset } from '../../../shared/data/user-data';
import type { ImageDataset } from '../../../shared/data/image-dataset';
import { readUserData } from '../data/read-user-data';
import { useTrainingStore } from '../store/training-store';
import { useAnalysis } from '../store/use-analysis';
import { SampleImage } from './SampleImage';

const PREVIEW = 16;

/** Loads the user's own images (CSV, IDX, or a class-per-folder directory) and previews them before training. */
export function UserDataPicker() {
  const addUserDataset = useTrainingStore((s) => s.addUserDataset);
  const analysis = useAnalysis();
  const [dataset, setDataset] = useState<ImageDataset | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputShape = analysis.nodes[analysis.inputIds[0] ?? '']?.shape;

  const load = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setProblem(null);
    try {
      const parsed = toDataset(await readUserData([...files], inputShape));
      setDataset(parsed);
      await addUserDataset(parsed);
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const counts = dataset ? classCounts(dataset) : [];
  const pixels = dataset ? dataset.height * dataset.width * dataset.channels : 0;
  return (
    <div className="user-data" data-testid="user-data">
      <div className="row">
        <label className="button-like" data-testid="user-data-files-button">
          CSV or IDX files…
          <input
            type="file"
            data-testid="user-data-files"
            accept=".csv,.gz,.idx,.idx1-ubyte,.idx3-ubyte,application/octet-stream,text/csv"
            multiple
            hidden
            onChange={(e) => void load(e.target.files)}
          />
        </label>
        <label className="button-like" data-testid="user-data-folder-button">
          Image folder…
          <input type="file" data-testid="user-data-folder" hidden multiple {...{ webkitdirectory: '' }} onChange={(e) => void load(e.target.files)} />
        </label>
        {busy && <span className="muted">Reading…</span>}
      </div>
      {problem && (
        <p className="error" data-testid="user-data-error">
          {problem}
        </p>
      )}
      {dataset && (
        <div className="user-data__preview" data-testid="user-data-preview">
          <p className="muted">
            {dataset.name}: {(dataset.train.count + dataset.test.count).toLocaleString('en-US')} images of {dataset.height}×{dataset.width}×{dataset.channels},{' '}
            {dataset.classNames.length} classes; {dataset.test.count.toLocaleString('en-US')} held out as the test set.
          </p>
          <table className="class-counts" data-testid="class-counts">
            <tbody>
              {dataset.classNames.map((name, c) => (
                <tr key={name}>
                  <th>{name}</th>
                  <td data-testid={`class-count-${c}`}>{counts[c]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="gallery">
            {Array.from({ length: Math.min(PREVIEW, dataset.train.count) }, (_, i) => (
              <figure key={i} className="gallery__item" data-testid="user-data-sample">
                <SampleImage
                  pixels={dataset.train.images.subarray(i * pixels, (i + 1) * pixels)}
                  height={dataset.height}
                  width={dataset.width}
                  channels={dataset.channels}
                  scale={Math.max(1, Math.round(48 / dataset.width))}
                />
                <figcaption>{dataset.classNames[dataset.train.labels[i]!]}</figcaption>
              </figure>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
