import { useEffect, useMemo, useState } from 'react';
import type { DatasetSamples } from '../../../shared/api/training-protocol';
import { runExperiment } from '../../../shared/lab/experiment';
import { channelMaxPool } from '../../../shared/lab/pooling';
import { maxAbs, tensor3, type Tensor3 } from '../../../shared/lab/tensor';
import { legendGradient } from '../../../shared/viz/colormap';
import { channelCsv } from '../../../shared/viz/tensor-views';
import { useDocumentStore } from '../store/document-store';
import { getHost } from '../store/host';
import { showNotice } from '../store/notice-store';
import { useTrainingStore } from '../store/training-store';
import { useUiStore } from '../store/ui-store';
import { PHOTOS } from '../viz/photos';
import { downloadText } from '../viz/download';
import { decodePicture, pictureFromUrl, samplePicture } from '../viz/picture';
import { ImagePicker } from '../components/viz/ImagePicker';
import type { ListedImage } from '../viz/image-choice';
import { ImagePanel } from './ImagePanel';
import { KernelEditor } from './KernelEditor';
import { LabPanel } from './LabPanel';
import { labInput } from './lab-image';
import { useLabStore } from './lab-store';
import './lab.css';

const SIZES = [0, 512, 256, 128, 64, 28];

/** The Filter Lab: an image, a kernel, padding/stride/dilation, N passes — every intermediate shown. */
export function FilterLab() {
  const lab = useLabStore();
  const { picture, source } = lab;
  const datasetId = useTrainingStore((s) => s.setup.datasetId);
  const [samples, setSamples] = useState<DatasetSamples | null>(null);
  useEffect(() => {
    void getHost()
      ?.datasetSamples({ datasetId, count: 12 })
      .then(setSamples, () => setSamples(null));
  }, [datasetId]);
  useEffect(() => {
    if (picture || source.kind !== 'photo') return;
    const photo = PHOTOS.find((p) => p.id === source.id) ?? PHOTOS[0]!;
    pictureFromUrl(photo.url).then(
      (p) => useLabStore.setState({ picture: p, error: null }),
      (e: Error) => useLabStore.setState({ error: e.message }),
    );
  }, [picture, source]);

  const input = useMemo(() => (picture ? labInput(picture, lab.color, lab.crop, lab.size) : null), [picture, lab.color, lab.crop, lab.size]);
  const run = useMemo(
    () =>
      input
        ? runExperiment(input, {
            kernels: lab.kernels,
            mode: lab.mode,
            padding: lab.padding,
            explicitPad: lab.explicitPad,
            stride: lab.stride,
            dilation: lab.dilation,
            repeat: lab.repeat,
          })
        : null,
    [input, lab.kernels, lab.mode, lab.padding, lab.explicitPad, lab.stride, lab.dilation, lab.repeat],
  );
  const stages = run?.stages ?? [];
  const shared = Math.max(1e-12, ...stages.map((s) => maxAbs(s.tensor)));
  const rangeOf = (t: Tensor3) => {
    const m = lab.scale === 'shared' ? shared : Math.max(1e-12, maxAbs(t));
    return { min: -m, max: m };
  };
  const kernel = lab.kernels[0]!;
  const kernelTensor = tensor3(kernel.length, kernel[0]!.length, 1, kernel.flat());
  const kernelMax = Math.max(1e-12, maxAbs(kernelTensor));
  const pooled = useMemo(() => (lab.channelMaxPool && input && input.channels === 3 ? channelMaxPool(input, 3) : null), [lab.channelMaxPool, input]);
  const final = stages.at(-1);

  const pickImage = (choice: ListedImage) => {
    if (choice.kind === 'sample') {
      if (samples) useLabStore.setState({ source: choice, picture: samplePicture(samples, choice.index), error: null });
      return;
    }
    useLabStore.setState({ source: choice, picture: null });
  };
  const openFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const p = await decodePicture(file);
      useLabStore.setState({ source: { kind: 'file', name: file.name }, picture: p, error: null });
    } catch (e) {
      useLabStore.setState({ error: (e as Error).message });
    }
  };
  const sendToNetwork = () => {
    if (!input || lab.mode !== 'kernel') return;
    const id = useDocumentStore.getState().addKernelLayer({
      kernels: lab.kernels,
      inChannels: input.channels,
      padding: lab.padding === 'explicit' ? lab.explicitPad : lab.padding,
      stride: lab.stride,
      dilation: lab.dilation,
      imageShape: [input.height, input.width],
    });
    if (id) {
      showNotice({
        kind: 'info',
        text: `Added ${useDocumentStore.getState().graph.nodes.find((n) => n.id === id)?.name ?? id}: a Conv2D whose kernel is fixed to the lab's (${lab.kernels.length} × ${kernel.length}×${kernel[0]!.length} × ${input.channels} channel${input.channels > 1 ? 's' : ''}).`,
      });
      useUiStore.getState().setView('editor');
    }
  };

  return (
    <main
      className="filter-lab"
      data-testid="filter-lab"
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => (e.preventDefault(), void openFile(e.dataTransfer.files[0]))}
    >
      <aside className="filter-lab__controls">
        <fieldset className="lab-section">
          <legend>Image</legend>
          <ImagePicker
            label="Image"
            source={source}
            samples={samples}
            photoPrefix=""
            testId="lab-image"
            fileTestId="lab-image-file"
            onPick={pickImage}
            onFile={(file) => void openFile(file)}
          />
          <div className="row">
            <label className="option">
              <span>Colour</span>
              <select data-testid="lab-color" value={lab.color} onChange={(e) => lab.set({ color: e.target.value as 'gray' | 'color' })}>
                <option value="gray">grayscale</option>
                <option value="color">colour (RGB)</option>
              </select>
            </label>
            <label className="option">
              <span>Crop</span>
              <select data-testid="lab-crop" value={lab.crop} onChange={(e) => lab.set({ crop: e.target.value as 'none' | 'square' })}>
                <option value="none">none</option>
                <option value="square">centre square</option>
              </select>
            </label>
            <label className="option">
              <span>Resize</span>
              <select data-testid="lab-size" value={lab.size} onChange={(e) => lab.set({ size: Number(e.target.value) })}>
                {SIZES.map((s) => (
                  <option key={s} value={s}>
                    {s === 0 ? 'as is' : `${s} px`}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </fieldset>
        <KernelEditor />
        <fieldset className="lab-section">
          <legend>Window</legend>
          <div className="row">
            <label className="option">
              <span>Padding</span>
              <select data-testid="lab-padding" value={lab.padding} onChange={(e) => lab.set({ padding: e.target.value as 'valid' | 'same' | 'explicit' })}>
                <option value="valid">valid</option>
                <option value="same">same</option>
                <option value="explicit">explicit</option>
              </select>
            </label>
            {lab.padding === 'explicit' && (
              <label className="option">
                <span>p (px)</span>
                <input
                  type="number"
                  min={0}
                  max={64}
                  data-testid="lab-explicit-pad"
                  value={lab.explicitPad}
                  onChange={(e) => lab.set({ explicitPad: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
                />
              </label>
            )}
            <label className="option">
              <span>Stride</span>
              <input
                type="number"
                min={1}
                max={16}
                data-testid="lab-stride"
                value={lab.stride}
                onChange={(e) => lab.set({ stride: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
              />
            </label>
            <label className="option">
              <span>Dilation</span>
              <input
                type="number"
                min={1}
                max={16}
                data-testid="lab-dilation"
                value={lab.dilation}
                onChange={(e) => lab.set({ dilation: Math.max(1, Math.round(Number(e.target.value) || 1)) })}
              />
            </label>
            <label className="option">
              <span>Apply × N</span>
              <input
                type="number"
                min={1}
                max={12}
                data-testid="lab-repeat"
                value={lab.repeat}
                disabled={lab.kernels.length > 1 || lab.mode !== 'kernel'}
                onChange={(e) => lab.set({ repeat: Math.max(1, Math.min(12, Math.round(Number(e.target.value) || 1))) })}
              />
            </label>
          </div>
        </fieldset>
        <fieldset className="lab-section">
          <legend>Display</legend>
          <label className="option option--wide">
            <span>Colour scale</span>
            <select data-testid="lab-scale" value={lab.scale} onChange={(e) => lab.set({ scale: e.target.value as 'shared' | 'panel' })}>
              <option value="shared">shared by all outputs</option>
              <option value="panel">each panel its own</option>
            </select>
          </label>
          <label className="option option--wide">
            <span>
              <input
                type="checkbox"
                data-testid="lab-channel-maxpool"
                checked={lab.channelMaxPool}
                onChange={(e) => lab.set({ channelMaxPool: e.target.checked })}
              />{' '}
              depth-wise max pooling of the RGB input (3 channels → 1)
            </span>
          </label>
        </fieldset>
        <button
          className="primary"
          data-testid="lab-send-to-network"
          disabled={lab.mode !== 'kernel' || !input}
          onClick={sendToNetwork}
          title="Add a Conv2D with exactly this kernel (fixed weights) to the network"
        >
          Send to network
        </button>
      </aside>
      <section className="filter-lab__panels">
        {lab.error && (
          <p className="error" data-testid="lab-error">
            {lab.error}
          </p>
        )}
        {run?.error && (
          <p className="error" data-testid="lab-error">
            {run.error}
          </p>
        )}
        <div className="lab-summary">
          <p className="lab-trace" data-testid="lab-trace">
            {run?.trace.join(' · ')}
          </p>
          <div className="viz-legend">
            <span>−{lab.scale === 'shared' ? shared.toPrecision(3) : 'max'}</span>
            <span className="viz-legend__bar" style={{ background: legendGradient('diverging') }} />
            <span>+{lab.scale === 'shared' ? shared.toPrecision(3) : 'max'}</span>
            <span className="muted">0 = white</span>
          </div>
          <p className="viz-hover" data-testid="lab-hover-value">
            {lab.hover
              ? `${lab.hover.panel}: (row ${lab.hover.row}, col ${lab.hover.col}${lab.hover.channel ? `, channel ${lab.hover.channel}` : ''}) = ${lab.hover.value.toPrecision(6)}`
              : 'Hover a panel to read its values.'}
          </p>
        </div>
        <div className="lab-panels">
          {input && <ImagePanel image={input} title={`input ${input.height}×${input.width}×${input.channels}`} />}
          <div className="lab-kernel-view">
            {lab.mode === 'kernel' ? (
              <LabPanel
                id="kernel"
                title={`kernel ${kernel.length}×${kernel[0]!.length}${lab.kernels.length > 1 ? ` (1 of ${lab.kernels.length})` : ''}`}
                tensor={kernelTensor}
                range={{ min: -kernelMax, max: kernelMax }}
                testId="lab-kernel-image"
                target={120}
              />
            ) : (
              <p className="muted">Two kernels: Sobel horizontal and vertical.</p>
            )}
          </div>
          {stages.map((stage, k) => (
            <LabPanel
              key={k}
              id={k === stages.length - 1 ? 'output' : `stage-${k + 1}`}
              title={stage.label}
              tensor={stage.tensor}
              range={rangeOf(stage.tensor)}
              testId={k === stages.length - 1 ? 'lab-output' : `lab-stage-${k + 1}`}
              extra={
                k === stages.length - 1 ? (
                  <button
                    className="link"
                    data-testid="lab-export-values"
                    onClick={() =>
                      downloadText(
                        'output.csv',
                        channelCsv({ shape: [stage.tensor.height, stage.tensor.width, stage.tensor.channels], values: stage.tensor.data }, 0),
                      )
                    }
                  >
                    values (CSV)
                  </button>
                ) : undefined
              }
            />
          ))}
          {pooled && (
            <LabPanel
              id="channel-maxpool"
              title={`depth-wise max pool: ${input!.height}×${input!.width}×3 → ×1`}
              tensor={pooled}
              range={{ min: -1, max: 1 }}
              testId="lab-channel-maxpool-output"
            />
          )}
          {final === undefined && !run?.error && <p className="muted">Loading the image…</p>}
        </div>
      </section>
    </main>
  );
}
