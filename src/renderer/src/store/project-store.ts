/**
 * The file the document lives in: its name and path, what was last saved (for the unsaved mark),
 * open / save / recent, the recovery slot, exports, and replacing the document without losing
 * unsaved work (it is set aside, one click from coming back).
 */
import { create } from 'zustand';
import type { OpenProjectResult, RecentEntry, RecoverySnapshot } from '../../../shared/api/app-api';
import { autoLayout } from '../../../shared/editing/layout';
import type { NetworkGraph } from '../../../shared/graph/graph';
import { exportKerasModel } from '../../../shared/interop/keras-export';
import { documentBaseName, kerasModelName, safeFileStem } from '../../../shared/project/file-names';
import { parseProject, PROJECT_EXTENSION, serializeProject, type ProjectExtras } from '../../../shared/project/project-file';
import type { Homework } from '../../../shared/homework/homework-file';
import type { RunRecord } from '../../../shared/project/run-record';
import { decodeTensor } from '../../../shared/project/weights';
import { getTemplate } from '../../../shared/templates';
import { codeSettings, EXPORT_TARGETS, exportTarget, type ExportInput, type ExportTarget } from '../../../shared/codegen/targets';
import { analyzeGraph } from '../../../shared/engine/analyze';
import { summaryFile, type SummaryFormat } from '../../../shared/export/export-files';
import { bytesText } from '../../../shared/engine/format';
import { useDocumentStore } from './document-store';
import { saveExport } from './export';
import { getHost, hasHost } from './host';
import { showNotice, type Notice } from './notice-store';
import type { TrainedNetwork } from './training-reducer';
import { useTrainingStore } from './training-store';

export interface ProjectState {
  fileName: string;
  filePath: string | undefined;
  /** The graph as last saved/opened, to tell whether there are unsaved changes. */
  savedGraph: NetworkGraph;
  /** `runs` as last saved, for the unsaved-changes mark. */
  savedRuns: RunRecord[];
  /** An autosaved graph found at start-up, offered back to the user. */
  recovery: RecoverySnapshot | null;
  recent: RecentEntry[];

  /** At start-up: the recovery slot and the recent list. */
  init(): Promise<void>;
  loadGraph(graph: NetworkGraph, fileName: string, filePath?: string, extras?: ProjectExtras): void;
  newFromTemplate(slug: string): void;
  openProject(): Promise<void>;
  openRecent(id: string): Promise<void>;
  refreshRecent(): Promise<void>;
  /** Writes the recovery slot (or clears it when everything is saved). */
  autosave(): Promise<void>;
  restoreRecovery(): void;
  discardRecovery(): Promise<void>;
  saveProject(saveAs?: boolean): Promise<void>;
  /** Downloads / saves the network as Keras model JSON (what `model.to_json()` writes). */
  exportKeras(): Promise<void>;
  /** Saves the last run's trained network as a TensorFlow.js model. */
  exportTrainedModel(): Promise<void>;
  /** Exports the network as code or a notebook (with the trained weights beside a script when there are some). */
  exportAs(target: ExportTarget): Promise<void>;
  /** A homework's network as the document (unsaved work is set aside first, as for any other file). */
  openHomeworkDocument(homework: Homework, fileName: string): void;
  /** Saves the summary table with each layer's arithmetic as Markdown or CSV. */
  exportSummary(format: SummaryFormat): Promise<void>;
}

let homeworkOpener: ((homework: Homework, fileName: string) => void) | null = null;
/** The homework store takes opened homework files (set once, when that store loads). */
export function registerHomeworkOpener(open: (homework: Homework, fileName: string) => void): void {
  homeworkOpener = open;
}

/** A whole open document, set aside when another replaces it with unsaved changes. */
interface SetAside {
  graph: NetworkGraph;
  savedGraph: NetworkGraph;
  fileName: string;
  filePath: string | undefined;
  runs: RunRecord[];
  savedRuns: RunRecord[];
  trained: TrainedNetwork | null;
}

const EMPTY_GRAPH: NetworkGraph = { nodes: [], edges: [] };
const untitled = `Untitled.${PROJECT_EXTENSION}`;

/** Unsaved changes: the graph or the runs differ from what was last opened or saved. */
export function isDirty(): boolean {
  const { savedGraph, savedRuns } = useProjectStore.getState();
  return useDocumentStore.getState().graph !== savedGraph || useTrainingStore.getState().runs !== savedRuns;
}

/** `isDirty` as a hook: re-renders when any of the three stores it reads changes the answer. */
export function useDirty(): boolean {
  const saved = useProjectStore((s) => s.savedGraph);
  const savedRuns = useProjectStore((s) => s.savedRuns);
  // Booleans, not the graph: an edit re-renders the app's root only when it changes the answer.
  const graphDirty = useDocumentStore((s) => s.graph !== saved);
  const runsDirty = useTrainingStore((s) => s.runs !== savedRuns);
  return graphDirty || runsDirty;
}

/** What the project file keeps besides the graph. */
function projectExtras(): ProjectExtras {
  const { runs, trained } = useTrainingStore.getState();
  return { runs, trained: trained && { runId: trained.runId, weights: trained.stored } };
}

/** Whether the last recovery write failed (and the user was told). */
let recoveryFailing = false;

export const useProjectStore = create<ProjectState>()((set, get) => {
  /**
   * Opening something else over unsaved work keeps that work one click away (the notice's "Bring it
   * back"): nothing the user made is dropped by a template, New, Open or Restore.
   */
  function replaceDocument(load: () => void, describe: () => string): boolean {
    const { graph } = useDocumentStore.getState();
    const { runs, trained } = useTrainingStore.getState();
    const { savedGraph, savedRuns, fileName, filePath } = get();
    const aside: SetAside | null = isDirty() ? { graph, savedGraph, fileName, filePath, runs, savedRuns, trained } : null;
    load();
    if (!aside || useDocumentStore.getState().graph === aside.graph) return false;
    showNotice({
      kind: 'info',
      text: `${describe()} Your unsaved changes to “${aside.fileName}” were set aside.`,
      action: { label: 'Bring them back', testId: 'notice-bring-back', run: () => bringBack(aside) },
    });
    return true;
  }

  function bringBack(aside: SetAside): void {
    const swapped = replaceDocument(
      () => {
        get().loadGraph(aside.graph, aside.fileName, aside.filePath, {});
        set({ savedGraph: aside.savedGraph, savedRuns: aside.savedRuns });
        useTrainingStore.getState().resetRuns(aside.runs, aside.trained);
      },
      () => `Back to “${aside.fileName}”.`,
    );
    if (!swapped) showNotice({ kind: 'info', text: `Back to “${aside.fileName}”.` });
  }

  /** Shows an opened file, or says why it could not be opened (the open graph stays as it was). */
  async function applyOpened(result: OpenProjectResult): Promise<void> {
    if (result.status === 'error') {
      const reassurance = /Nothing was changed\.$/.test(result.error) ? '' : ' Nothing was changed.';
      return showNotice({ kind: 'error', text: `${result.error}${reassurance}` });
    }
    if (result.status !== 'opened') return;
    const { opened } = result;
    if (opened.homework) {
      if (homeworkOpener) homeworkOpener(opened.homework, opened.name);
      return void (await get().refreshRecent());
    }
    const kind = opened.source === 'keras' ? 'Keras model' : 'TensorFlow.js model';
    const notes = opened.warnings.length ? ` Note: ${opened.warnings.join(' ')}` : '';
    replaceDocument(
      () => {
        get().loadGraph(opened.graph, opened.name, opened.path, opened.extras);
        if (opened.source !== 'project') {
          // An imported model is a new project: unsaved until saved under its own name.
          set({ savedGraph: EMPTY_GRAPH });
          showNotice({ kind: 'info', text: `Imported a ${kind} as a new project.${notes}` });
        } else if (opened.warnings.length) {
          showNotice({ kind: 'info', text: opened.warnings.join(' ') });
        }
      },
      () => (opened.source === 'project' ? `Opened “${opened.name}”.` : `Imported a ${kind} as a new project.${notes}`),
    );
    await get().refreshRecent();
  }

  return {
    fileName: untitled,
    filePath: undefined,
    savedGraph: useDocumentStore.getState().graph,
    savedRuns: useTrainingStore.getState().runs,
    recovery: null,
    recent: [],

    async init() {
      const recovery = await getHost().readRecovery();
      if (recovery && parseProject(recovery.contents, recovery.fileName).ok) set({ recovery });
      await get().refreshRecent();
    },

    loadGraph(graph, fileName, filePath, extras = {}) {
      const runs = extras.runs ?? [];
      let trained: TrainedNetwork | null = null;
      let notice: Notice | null = null;
      if (extras.trained) {
        try {
          trained = { runId: extras.trained.runId, stored: extras.trained.weights, weights: extras.trained.weights.map(decodeTensor), jobId: null, graph };
        } catch (e) {
          notice = { kind: 'error', text: `The trained weights in ${fileName} are damaged (${(e as Error).message}); the network opened without them.` };
        }
      }
      useTrainingStore.getState().resetRuns(runs, trained);
      useDocumentStore.getState().resetDocument(graph);
      set({ savedRuns: runs, savedGraph: graph, fileName, filePath });
      showNotice(notice);
    },

    newFromTemplate(slug) {
      const template = getTemplate(slug);
      if (!template) return;
      const name = slug === 'blank' ? untitled : `${template.title}.${PROJECT_EXTENSION}`;
      replaceDocument(
        () => {
          get().loadGraph(autoLayout(template.build()), name);
          // A template is a new document: unsaved (and autosaved) until it is saved, like an import. A blank one has nothing to keep.
          if (slug !== 'blank') set({ savedGraph: EMPTY_GRAPH });
          // The network's own dataset: the Fashion-MNIST CNN trains on Fashion-MNIST.
          if (template.dataset) useTrainingStore.getState().updateSetup({ datasetId: template.dataset, options: { loss: 'sparseCategoricalCrossentropy' } });
        },
        () => `Opened the ${template.title} template.`,
      );
    },

    async openProject() {
      await applyOpened(await getHost().openProject());
    },

    async openRecent(id) {
      await applyOpened(await getHost().openRecent(id));
    },

    async refreshRecent() {
      set({ recent: await getHost().listRecent() });
    },

    async autosave() {
      if (!hasHost()) return;
      const host = getHost();
      // Nothing unsaved: the slot can go, unless it still holds the work offered back at start-up.
      if (!isDirty()) {
        if (!get().recovery) await host.clearRecovery();
      } else {
        const snapshot = {
          contents: serializeProject(useDocumentStore.getState().graph, projectExtras()),
          fileName: get().fileName,
          savedAt: new Date().toISOString(),
        };
        try {
          await host.writeRecovery(snapshot);
          recoveryFailing = false;
        } catch (e) {
          // Told once (until a write succeeds again), not on every edit.
          if (!recoveryFailing) {
            const reason = (e as Error).message.replace(/^Error invoking remote method '[^']+': (\w*Error: )?/, '');
            showNotice({
              kind: 'error',
              text: `Autosave could not keep “${snapshot.fileName}” (${bytesText(snapshot.contents.length)}): ${reason} Save the project to keep this work; autosave tries again after each change.`,
            });
          }
          recoveryFailing = true;
        }
      }
    },

    restoreRecovery() {
      const { recovery } = get();
      if (!recovery) return;
      const parsed = parseProject(recovery.contents, recovery.fileName);
      if (!parsed.ok) {
        set({ recovery: null });
        return showNotice({ kind: 'error', text: parsed.error });
      }
      set({ recovery: null });
      replaceDocument(
        () => {
          get().loadGraph(parsed.value.graph, recovery.fileName, undefined, { runs: parsed.value.runs, trained: parsed.value.trained });
          // Restored work is unsaved work: compare against an empty graph so the unsaved mark shows.
          set({ savedGraph: EMPTY_GRAPH });
          showNotice({ kind: 'info', text: `Recovered “${recovery.fileName}” as autosaved ${formatSnapshotTime(recovery.savedAt)}. Save it to keep it.` });
        },
        () => `Recovered “${recovery.fileName}” as autosaved ${formatSnapshotTime(recovery.savedAt)}.`,
      );
    },

    async discardRecovery() {
      set({ recovery: null });
      await getHost().clearRecovery();
    },

    async saveProject(saveAs = false) {
      const host = getHost();
      const graph = useDocumentStore.getState().graph;
      const runs = useTrainingStore.getState().runs;
      const { fileName, filePath } = get();
      const result = await host.saveProject({
        suggestedName: fileName,
        path: saveAs ? undefined : filePath,
        contents: serializeProject(graph, projectExtras()),
      });
      if (result.status === 'saved') {
        set({ fileName: result.name, filePath: result.path, savedGraph: graph, savedRuns: runs });
        await host.clearRecovery();
        await get().refreshRecent();
      } else if (result.status === 'error') showNotice({ kind: 'error', text: result.error });
    },

    async exportKeras() {
      const { fileName } = get();
      const exported = exportKerasModel(useDocumentStore.getState().graph, kerasModelName(fileName));
      if (!exported.ok) return showNotice({ kind: 'error', text: `Cannot export: ${exported.error}` });
      const result = await getHost().saveProject({
        suggestedName: `${documentBaseName(fileName)}.keras.json`,
        contents: JSON.stringify(exported.model, null, 2),
      });
      if (result.status === 'saved')
        showNotice({ kind: 'info', text: `Exported ${result.name} (Keras model JSON; tfjs and Keras read it with model_from_json).` });
      else if (result.status === 'error') showNotice({ kind: 'error', text: result.error });
    },

    async exportAs(target) {
      const { setup, trained } = useTrainingStore.getState();
      const graph = useDocumentStore.getState().graph;
      // With trained weights, a script also gets a few test images and the app's predictions for `--check`.
      const check = trained && (target === 'pytorch' || target === 'keras') ? await predictionsToCheck(graph, setup.datasetId) : undefined;
      const outcome = exportTarget(target, {
        graph,
        fileName: get().fileName,
        settings: codeSettings(setup.datasetId, setup.options),
        trained: trained?.weights,
        ...(check ? { check } : {}),
      });
      await saveExport(outcome, EXPORT_TARGETS.find((t) => t.id === target)!.label);
    },

    openHomeworkDocument(homework, fileName) {
      replaceDocument(
        () => get().loadGraph(homework.network, fileName),
        () => `Opened the homework “${homework.title ?? fileName}”.`,
      );
    },

    async exportSummary(format) {
      const file = summaryFile(useDocumentStore.getState().graph, get().fileName, format);
      await saveExport({ ok: true, files: [file] }, format === 'md' ? 'summary as Markdown' : 'summary as CSV');
    },

    async exportTrainedModel() {
      try {
        const jobId = await useTrainingStore.getState().ensureTrainedModel();
        if (!jobId) return showNotice({ kind: 'info', text: 'Nothing to export yet: train the network first.' });
        const result = await getHost().exportTrainedModel(jobId, safeFileStem(get().fileName));
        if (result.status === 'saved') showNotice({ kind: 'info', text: `Saved ${result.name} and its weights: tf.loadLayersModel reads them back.` });
        else if (result.status === 'error') showNotice({ kind: 'error', text: result.error });
      } catch (e) {
        showNotice({ kind: 'error', text: `Could not export the trained model: ${(e as Error).message}` });
      }
    },
  };
});

/** Eight test images of the dataset, the Input as the app fed them, and the trained network's outputs (undefined when unavailable). */
async function predictionsToCheck(graph: NetworkGraph, datasetId: string): Promise<ExportInput['check'] | undefined> {
  try {
    const jobId = await useTrainingStore.getState().ensureTrainedModel();
    const output = analyzeGraph(graph).outputIds[0];
    if (!jobId || !output) return undefined;
    const samples = await getHost().datasetSamples({ datasetId, count: 8 });
    const pixels = samples.height * samples.width * samples.channels;
    const predictions: number[] = [];
    const inputs: number[] = [];
    for (let i = 0; i < samples.count; i++) {
      const picture = { pixels: samples.images.slice(i * pixels, (i + 1) * pixels), height: samples.height, width: samples.width, channels: samples.channels };
      const result = await getHost().inspect({ jobId, picture, nodeIds: [output], weights: false });
      predictions.push(...result.activations[0]!.values);
      inputs.push(...result.input.values);
    }
    const { images, count, height, width, channels } = samples;
    return { images, count, height, width, channels, predictions: Float32Array.from(predictions), inputs: Float32Array.from(inputs) };
  } catch {
    // The script still loads the weights; only --check has nothing to compare with.
    return undefined;
  }
}

/** When an autosave was taken, as the recovery banner and notices say it: "at 14:02:11 (3 min ago)". */
export function formatSnapshotTime(iso: string, now = Date.now()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'at an unknown time';
  const minutes = Math.round((now - at.getTime()) / 60_000);
  const ago =
    minutes < 1
      ? 'just now'
      : minutes < 60
        ? `${minutes} min ago`
        : minutes < 60 * 24
          ? `${Math.round(minutes / 60)} h ago`
          : `${Math.round(minutes / 1440)} days ago`;
  const sameDay = new Date(now).toDateString() === at.toDateString();
  return `${sameDay ? 'at' : 'on'} ${sameDay ? at.toLocaleTimeString() : at.toLocaleString()} (${ago})`;
}
