import { KERNEL_PRESETS, kernelPreset } from '../../../shared/lab/kernel-presets';
import { normalizeKernel, transposeMatrix } from '../../../shared/lab/kernels';
import { MAX_KERNEL, useLabStore } from './lab-store';

const CELL_LIMIT = 15;

/** Pick a preset (with its knobs) or type any matrix up to 31×31; normalize, transpose, stack into a bank. */
export function KernelEditor() {
  const lab = useLabStore();
  const kernel = lab.kernels[0]!;
  const preset = lab.preset !== 'custom' && lab.preset !== 'edge-magnitude' ? kernelPreset(lab.preset) : undefined;
  const rows = kernel.length;
  const cols = kernel[0]!.length;
  const compact = Math.max(rows, cols) > CELL_LIMIT;
  return (
    <fieldset className="lab-section">
      <legend>Kernel</legend>
      <label className="option option--wide">
        <span>Preset</span>
        <select data-testid="lab-kernel-preset" value={lab.preset} onChange={(e) => lab.setPreset(e.target.value as typeof lab.preset)}>
          {KERNEL_PRESETS.map((p) => (
            <option key={p.id} value={p.id} title={p.description}>
              {p.label}
            </option>
          ))}
          <option value="edge-magnitude">Edge magnitude √(eₕ² + eᵥ²) (Sobel pair)</option>
          <option value="custom">Custom (typed)</option>
        </select>
      </label>
      {preset && <p className="muted lab-note">{preset.description}</p>}
      {preset?.params.map((param) => {
        const value = lab.presetParams[param.key] ?? param.default;
        return (
          <label key={param.key} className="option option--wide">
            <span>
              {param.label}: {Number(value.toFixed(3))}
              {param.unit === '°' ? '°' : ''}
            </span>
            <input
              type="range"
              data-testid={`lab-param-${param.key}`}
              min={param.min}
              max={param.max}
              step={param.step}
              value={value}
              onChange={(e) => lab.setPreset(preset.id, { [param.key]: Number(e.target.value) })}
            />
          </label>
        );
      })}
      {lab.mode === 'kernel' && (
        <>
          <div className="row">
            <label className="option">
              <span>Rows</span>
              <input
                type="number"
                min={1}
                max={MAX_KERNEL}
                data-testid="lab-kernel-rows"
                value={rows}
                onChange={(e) => lab.resizeKernel(Number(e.target.value), cols)}
              />
            </label>
            <label className="option">
              <span>Columns</span>
              <input
                type="number"
                min={1}
                max={MAX_KERNEL}
                data-testid="lab-kernel-cols"
                value={cols}
                onChange={(e) => lab.resizeKernel(rows, Number(e.target.value))}
              />
            </label>
          </div>
          <div
            className={`lab-kernel-grid${compact ? ' lab-kernel-grid--compact' : ''}`}
            data-testid="lab-kernel-grid"
            style={{ gridTemplateColumns: `repeat(${cols}, auto)` }}
          >
            {kernel.flatMap((row, r) =>
              row.map((v, c) => (
                <input
                  key={`${r}-${c}`}
                  data-testid={`lab-kernel-cell-${r}-${c}`}
                  type="number"
                  step="any"
                  value={Number(v.toFixed(4))}
                  aria-label={`kernel row ${r} column ${c}`}
                  onChange={(e) => e.target.value !== '' && Number.isFinite(Number(e.target.value)) && lab.setCell(r, c, Number(e.target.value))}
                />
              )),
            )}
          </div>
          <div className="row">
            <button
              data-testid="lab-kernel-normalize"
              title="Divide by the sum (or by the sum of |values| when it is 0)"
              onClick={() => lab.set({ kernels: [normalizeKernel(kernel), ...lab.kernels.slice(1)], preset: 'custom' })}
            >
              Normalize
            </button>
            <button
              data-testid="lab-kernel-transpose"
              onClick={() => lab.set({ kernels: [transposeMatrix(kernel), ...lab.kernels.slice(1).map(transposeMatrix)], preset: 'custom' })}
            >
              Transpose
            </button>
            <button
              data-testid="lab-bank-add"
              title="Keep this kernel as one more output channel (a Conv2D with several filters)"
              onClick={() => lab.set({ kernels: [kernel, ...lab.kernels], repeat: 1 })}
            >
              + Output channel
            </button>
          </div>
          {lab.kernels.length > 1 && (
            <p className="muted lab-note" data-testid="lab-bank">
              {lab.kernels.length} kernels → {lab.kernels.length} output channels (the first is the one above).{' '}
              <button className="link" data-testid="lab-bank-clear" onClick={() => lab.set({ kernels: [kernel] })}>
                keep only this one
              </button>
            </p>
          )}
        </>
      )}
    </fieldset>
  );
}
