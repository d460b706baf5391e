import { memo, useDeferredValue } from 'react';
import type { InspectResult, TensorView } from '../../../../shared/api/training-protocol';
import { legendGradient } from '../../../../shared/viz/colormap';
import { isSourceType } from '../../../../shared/engine/registry';
import { kernelView, rangeOf, unionRange, type Normalization } from '../../../../shared/viz/tensor-views';
import { useDocumentStore } from '../../store/document-store';
import { useTrainingStore } from '../../store/training-store';
import { useAnalysis } from '../../store/use-analysis';
import { useVizStore, type VizState } from '../../store/viz-store';
import { EnlargedMap } from './EnlargedMap';
import { FeatureMaps } from './FeatureMaps';
import { FilterView } from './FilterView';
import { InputPicker } from './InputPicker';
import { InputView } from './InputView';
import { OutputBars } from './OutputBars';
import { useLiveRefresh } from './use-live-refresh';

const normalizations: Record<Normalization, string> = { channel: 'per channel', layer: 'per layer', network: 'whole network' };

/** The layers' feature maps and filters, for one read-out (memoized: a hover or a busy flag does not redraw them). */
const VizLayers = memo(function VizLayers({
  shown,
  allLayers,
  selectedId,
  enlarged: enlargedMap,
  softmaxShown,
}: {
  shown: InspectResult | null;
  allLayers: boolean;
  selectedId: string | undefined;
  enlarged: VizState['enlarged'];
  softmaxShown: boolean;
}) {
  const graph = useDocumentStore((s) => s.graph);
  const analysis = useAnalysis();
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const activations = shown?.activations ?? [];
  const networkRange = unionRange(activations.map((a) => rangeOf(a)));
  const spatial = (a: TensorView) => a.shape.length >= 2;
  const output = activations.find((a) => a.nodeId === analysis.outputIds[0]);
  const selected =
    activations.find((a) => a.nodeId === selectedId) ?? activations.find((a) => kernelView(nodeById.get(a.nodeId)?.type ?? '') !== undefined) ?? activations[0];
  // The enlarged map opens inside its layer's section: the sidebar keeps its width.
  const enlarged = enlargedMap && activations.find((a) => a.nodeId === enlargedMap!.nodeId);
  const section = (a: TensorView, heading: boolean) => {
    const node = nodeById.get(a.nodeId);
    const name = node?.name ?? a.nodeId;
    const title = `${name} (${node?.type ?? '?'}) → ${a.shape.join(' × ')}`;
    const view = node && kernelView(node.type);
    const kernel = view && shown?.weights.find((w) => w.nodeId === a.nodeId && w.name === view.weight);
    const bias = shown?.weights.find((w) => w.nodeId === a.nodeId && w.name === 'bias');
    const inputIds = analysis.nodes[a.nodeId]?.inputIds ?? [];
    const rgbInput = inputIds.some((id) => isSourceType(analysis.nodes[id]?.type ?? '') && analysis.nodes[id]?.shape?.at(-1) === 3);
    return (
      <div key={a.nodeId} className="viz-layer" data-testid={`viz-layer-${a.nodeId}`}>
        {heading && <h3>{title}</h3>}
        {enlarged === a && <EnlargedMap tensor={a} channel={enlargedMap!.channel} name={name} networkRange={networkRange} />}
        {spatial(a) ? <FeatureMaps tensor={a} networkRange={networkRange} /> : a === output && softmaxShown ? null : <OutputBars tensor={a} />}
        {kernel && node && <FilterView nodeId={a.nodeId} layerType={node.type} kernel={kernel} {...(bias ? { bias } : {})} rgbInput={rgbInput} />}
      </div>
    );
  };

  return <>{allLayers ? activations.map((a) => section(a, true)) : selected && section(selected, true)}</>;
});

/** "Look inside": feature maps for a chosen input and the learned filters, layer by layer. */
export function VizPanel() {
  useLiveRefresh();
  const viz = useVizStore();
  const graph = useDocumentStore((s) => s.graph);
  const selectedNodeIds = useDocumentStore((s) => s.selectedNodeIds);
  const evaluation = useTrainingStore((s) => s.training.evaluation);
  const runClassNames = useTrainingStore((s) => s.training.classNames);
  const analysis = useAnalysis();
  const shown = viz.snapshotIndex !== null ? (viz.snapshots[viz.snapshotIndex]?.result ?? viz.result) : viz.result;
  // The layers follow a refresh in a render React can split across frames (a refresh of a big network redraws
  // hundreds of canvases: drawn in one go, it held the UI thread up to ~0.5 s during training).
  const deferred = useDeferredValue(shown);
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n]));
  const activations = shown?.activations ?? [];
  const networkRange = unionRange(activations.map((a) => rangeOf(a)));
  const output = activations.find((a) => a.nodeId === analysis.outputIds[0]);
  const outputNode = output && nodeById.get(output.nodeId);
  const isSoftmax = outputNode && (outputNode.params.activation === 'softmax' || outputNode.type === 'Softmax') && output.shape.length === 1;
  // Names from the run (sent when it starts, so they show during training), else from the test images.
  const fitting = (names: string[] | undefined) => (output && names?.length === output.values.length ? names : undefined);
  const names = fitting(runClassNames) ?? fitting(evaluation?.classNames) ?? fitting(viz.samples?.classNames);
  const classNames = isSoftmax ? Array.from({ length: output.values.length }, (_, i) => names?.[i] ?? `class ${i}`) : undefined;

  const hover = viz.hover;
  return (
    <section className="panel viz-panel" data-testid="viz-panel">
      <h2>Look inside</h2>
      <InputPicker />
      <div className="viz-controls">
        <label className="option">
          <span>Normalize</span>
          <select data-testid="viz-normalize" value={viz.normalize} onChange={(e) => viz.set({ normalize: e.target.value as Normalization })}>
            {Object.entries(normalizations).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="option">
          <span>Colours</span>
          <select data-testid="viz-colormap" value={viz.colormap} onChange={(e) => viz.set({ colormap: e.target.value as 'diverging' | 'gray' })}>
            <option value="diverging">diverging (0 = white)</option>
            <option value="gray">grayscale</option>
          </select>
        </label>
        <label className="option">
          <span>Refresh every</span>
          <span>
            <input
              type="number"
              min={1}
              data-testid="viz-every"
              value={viz.everyBatches}
              onChange={(e) => viz.set({ everyBatches: Math.max(1, Number(e.target.value) || 1) })}
            />{' '}
            batches
          </span>
        </label>
        <label className="option">
          <span>All layers</span>
          <input type="checkbox" data-testid="viz-all-layers" checked={viz.allLayers} onChange={(e) => viz.set({ allLayers: e.target.checked })} />
        </label>
      </div>
      <div className="viz-legend" data-testid="viz-legend">
        <span>{viz.colormap === 'diverging' ? '−max' : 'min'}</span>
        <span className="viz-legend__bar" style={{ background: legendGradient(viz.colormap) }} />
        <span>{viz.colormap === 'diverging' ? '+max' : 'max'}</span>
        <span className="muted">
          ({normalizations[viz.normalize]}
          {viz.normalize === 'network' && Number.isFinite(networkRange.min) ? `: ${networkRange.min.toPrecision(3)} … ${networkRange.max.toPrecision(3)}` : ''})
        </span>
      </div>
      {viz.snapshots.length > 0 && (
        <label className="option option--wide viz-replay">
          <span>Replay</span>
          <span>
            <input
              type="range"
              data-testid="viz-epoch-slider"
              min={0}
              max={viz.snapshots.length}
              value={viz.snapshotIndex ?? viz.snapshots.length}
              onChange={(e) => {
                const i = Number(e.target.value);
                viz.set({ snapshotIndex: i >= viz.snapshots.length ? null : i });
              }}
            />{' '}
            {viz.snapshotIndex === null ? 'latest' : `after epoch ${viz.snapshots[viz.snapshotIndex]!.epoch}`}
          </span>
        </label>
      )}
      <p className="muted" data-testid="viz-status">
        {viz.busy ? 'Reading the network… ' : ''}
        {viz.modelLabel && `Weights: ${viz.modelLabel}.`}
      </p>
      {viz.error && (
        <p className="error" data-testid="viz-error">
          {viz.error}
        </p>
      )}
      <p className="viz-hover" data-testid="viz-hover-value">
        {hover
          ? `${nodeById.get(hover.nodeId)?.name ?? hover.nodeId} (row ${hover.row}, col ${hover.col}, channel ${hover.channel}) = ${hover.value.toPrecision(6)}`
          : 'Hover a feature map to read a value and see its receptive field on the input.'}
      </p>
      {shown && <InputView input={shown.input} />}
      {classNames && output && (
        <div className="viz-softmax-block">
          <h3>Class probabilities ({outputNode!.name})</h3>
          <OutputBars tensor={output} classNames={classNames} />
        </div>
      )}
      <VizLayers shown={deferred} allLayers={viz.allLayers} selectedId={selectedNodeIds[0]} enlarged={viz.enlarged} softmaxShown={!!classNames} />
      {!viz.allLayers && activations.length > 1 && <p className="muted">Select a layer on the canvas to see its maps, or tick “All layers”.</p>}
    </section>
  );
}
