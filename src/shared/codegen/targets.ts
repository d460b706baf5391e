/**
 * What "Export" writes, per target, from the same registry that computes the shapes: PyTorch and
 * Keras code, notebooks of both, and Keras model JSON. Pure: the UI, the CLI and the tests call it
 * and write the files themselves.
 */
import { trainingOptionsSchema } from '../api/schemas';
import type { TrainingOptions, TrainingOptionsInput } from '../api/training-protocol';
import { bundledDataset, isBundledDatasetId } from '../data/image-dataset';
import { analyzeGraph } from '../engine/analyze';
import type { NetworkGraph } from '../graph/graph';
import { exportKerasModel } from '../interop/keras-export';
import { documentBaseName, kerasModelName } from '../project/file-names';
import type { NodeTensor } from '../project/weights';
import { generateKerasCode } from './keras-code';
import { kerasNotebook } from './notebook';
import { pytorchNotebook } from './pytorch-notebook';
import { generatePytorchModule } from './pytorch-module';
import { generatePytorchScript, trainedWeightsNpz } from './pytorch-script';

export const EXPORT_TARGETS = [
  { id: 'pytorch', label: 'PyTorch script', extension: '.py', description: 'An nn.Module and a training script (torchrun / DDP ready)' },
  { id: 'keras', label: 'Keras code', extension: '.py', description: 'keras.Sequential or the functional API, compile and fit' },
  { id: 'notebook-pytorch', label: 'PyTorch notebook', extension: '.ipynb', description: 'The PyTorch script as a notebook, explained block by block' },
  { id: 'notebook-keras', label: 'Keras notebook', extension: '.ipynb', description: 'The Keras code as a notebook, explained block by block' },
  { id: 'keras-json', label: 'Keras model JSON', extension: '.keras.json', description: 'What model.to_json() writes (model_from_json, tfjs)' },
] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number]['id'];
export const isExportTarget = (v: unknown): v is ExportTarget => EXPORT_TARGETS.some((t) => t.id === v);

/** Training settings the exported code reproduces. */
export interface CodeSettings {
  datasetId: string;
  options: TrainingOptions;
  classNames?: string[];
}

/** The Train tab's defaults, for a network exported without a run. */
const DEFAULT_OPTIONS = { epochs: 3, batchSize: 64, learningRate: 0.001, seed: 42 };

/** The app's settings, filled with the trainer's defaults (the same the Train tab would send). */
export function codeSettings(datasetId: string, options: Partial<TrainingOptionsInput> = {}): CodeSettings {
  const filled = trainingOptionsSchema.parse({ ...DEFAULT_OPTIONS, ...options });
  return { datasetId, options: filled, ...(isBundledDatasetId(datasetId) ? { classNames: [...bundledDataset(datasetId).classNames] } : {}) };
}

export interface ExportedFile {
  name: string;
  text?: string;
  bytes?: Uint8Array;
}

export type ExportOutcome = { ok: true; files: ExportedFile[] } | { ok: false; error: string };

export interface ExportInput {
  graph: NetworkGraph;
  /** The project's file name: the exports are named after it. */
  fileName: string;
  settings: CodeSettings;
  /** Trained weights (Keras layout), written beside a script as `<name>.npz`. */
  trained?: NodeTensor[];
  /** A few test images with the app's predictions for them, for the script's `--check`. */
  check?: Parameters<typeof trainedWeightsNpz>[2];
}

function inputShapeOf(graph: NetworkGraph): number[] {
  const analysis = analyzeGraph(graph);
  return analysis.nodes[analysis.inputIds[0] ?? '']?.shape ?? [];
}

export function exportTarget(target: ExportTarget, input: ExportInput): ExportOutcome {
  const base = documentBaseName(input.fileName).replace(/[^A-Za-z0-9_.-]+/g, '_') || 'model';
  const weightsFile = input.trained?.length ? `${base}.npz` : undefined;
  const scriptSettings = { ...input.settings, inputShape: inputShapeOf(input.graph) };
  switch (target) {
    case 'pytorch': {
      const script = generatePytorchScript(input.graph, scriptSettings, weightsFile ? { weightsFile } : {});
      if (!script.ok) return script;
      const files: ExportedFile[] = [{ name: `${base}.py`, text: script.code }];
      if (weightsFile) files.push({ name: weightsFile, bytes: trainedWeightsNpz(input.trained!, input.graph, input.check) });
      return { ok: true, files };
    }
    case 'keras': {
      const code = generateKerasCode(input.graph, input.settings, { ...(weightsFile ? { weightsFile } : {}), name: kerasModelName(input.fileName) });
      if (!code.ok) return code;
      const files: ExportedFile[] = [{ name: `${base}_keras.py`, text: code.code }];
      if (weightsFile) files.push({ name: weightsFile, bytes: trainedWeightsNpz(input.trained!, input.graph) });
      return { ok: true, files };
    }
    case 'notebook-pytorch': {
      const notebook = pytorchNotebook(input.graph, scriptSettings);
      return notebook.ok ? { ok: true, files: [{ name: `${base}_pytorch.ipynb`, text: notebook.notebook }] } : notebook;
    }
    case 'notebook-keras': {
      const notebook = kerasNotebook(input.graph, input.settings);
      return notebook.ok ? { ok: true, files: [{ name: `${base}_keras.ipynb`, text: notebook.notebook }] } : notebook;
    }
    case 'keras-json': {
      const exported = exportKerasModel(input.graph, kerasModelName(input.fileName));
      return exported.ok
        ? { ok: true, files: [{ name: `${documentBaseName(input.fileName)}.keras.json`, text: JSON.stringify(exported.model, null, 2) }] }
        : exported;
    }
  }
}

export interface LiveCode {
  ok: true;
  code: string;
  /** 1-based line ranges of each node's layer definition, for highlighting the selected layer. */
  layers: { nodeId: string; lines: [number, number] }[];
}

/** The Code tab's view: the PyTorch script or the Keras code of the network as it is now. */
export function liveCode(target: 'pytorch' | 'keras', graph: NetworkGraph, settings: CodeSettings): LiveCode | { ok: false; error: string } {
  if (target === 'keras') {
    const code = generateKerasCode(graph, settings);
    return code.ok ? { ok: true, code: code.code, layers: code.layers } : code;
  }
  const script = generatePytorchScript(graph, { ...settings, inputShape: inputShapeOf(graph) });
  if (!script.ok) return script;
  const module = generatePytorchModule(graph);
  const lines = script.code.split('\n');
  // The module sits inside the script: find each child's definition line there.
  const layers = module.ok
    ? module.layers.flatMap((l) => {
        // The child's `self.<attr> =` line ends its range (a comment line may come before it).
        const at = lines.findIndex((line) => line.trimStart().startsWith(`self.${l.attr} =`));
        return at < 0 ? [] : [{ nodeId: l.nodeId, lines: [at + 1 - (l.lines[1] - l.lines[0]), at + 1] as [number, number] }];
      })
    : [];
  return { ok: true, code: script.code, layers };
}
