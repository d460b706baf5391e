/**
 * `AppApi` for the renderer running as a plain web page: training in a module Web Worker running the
 * same trainer as Electron's worker thread, project files through upload and download.
 */
import type { AppApi, OpenProjectResult, SaveProjectResult } from '../../../shared/api/app-api';
import { TrainerClient, type Watchdog } from '../../../shared/api/trainer-client';
import type { TrainerReply } from '../../../shared/api/training-protocol';
import { datasetChoices } from '../../../shared/data/datasets';
import { importModelJson } from '../../../shared/interop/keras-import';
import { openedResult } from '../../../shared/interop/opened';
import { PROJECT_EXTENSION } from '../../../shared/project/project-file';
import { downloadBlob } from '../viz/download';
import { browserRecent, browserRecovery } from './browser-storage';

/** The page's timers for the trainer's liveness check (a Web Worker that dies has no exit event). */
const pageWatchdog: Watchdog = {
  every(ms, check) {
    const id = setInterval(check, ms);
    return () => clearInterval(id);
  },
  now: () => performance.now(),
};

function spawnWebWorker(): TrainerClient {
  return new TrainerClient(
    ({ onReply, onCrash }) => {
      const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
      worker.onmessage = (event: MessageEvent<TrainerReply>) => onReply(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        onCrash(`The training worker crashed: ${event.message || 'unknown error'}`);
        worker.terminate();
      };
      return { post: (command) => worker.postMessage(command), terminate: () => worker.terminate() };
    },
    { watchdog: pageWatchdog },
  );
}

/** Opens the browser's file picker (several files allowed); resolves [] when the user cancels. */
function pickFiles(accept: string): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = accept;
    input.dataset.testid = 'project-file-input';
    input.style.display = 'none';
    const finish = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => finish([...(input.files ?? [])]));
    input.addEventListener('cancel', () => finish([]));
    document.body.append(input);
    input.click();
  });
}

/** A project file, or a Keras / tfjs model JSON, as text → an opened project. */
function openText(text: string, fileName: string, weightFiles?: ReadonlyMap<string, ArrayBuffer>): OpenProjectResult {
  const imported = importModelJson(text, fileName, weightFiles);
  if (imported.ok && (imported.source === 'project' || imported.source === 'homework')) browserRecent.add(fileName, text);
  return openedResult(imported, fileName);
}

function download(name: string, contents: string | ArrayBuffer): SaveProjectResult {
  downloadBlob(name, new Blob([contents], { type: typeof contents === 'string' ? 'application/json' : 'application/octet-stream' }));
  return { status: 'saved', name };
}

function base64Bytes(base64: string): ArrayBuffer {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

export function createBrowserHost(): AppApi {
  const trainer = spawnWebWorker();
  return {
    host: 'browser',
    async openProject() {
      // A TensorFlow.js model comes with its weight files: picked together, they are imported too.
      const files = await pickFiles(`.${PROJECT_EXTENSION},.json,application/json,.bin`);
      const model = files.find((f) => !f.name.toLowerCase().endsWith('.bin'));
      if (!model)
        return files.length ? { status: 'error', error: 'Only weight files (.bin) were picked: pick the project or model.json too.' } : { status: 'canceled' };
      const weights = new Map(await Promise.all(files.filter((f) => f !== model).map(async (f) => [f.name, await f.arrayBuffer()] as const)));
      return openText(await model.text(), model.name, weights);
    },
    async saveProject(request) {
      browserRecent.add(request.suggestedName, request.contents);
      return download(request.suggestedName, request.contents);
    },
    async exportFiles(files) {
      // Downloads, the binary ones decoded from base64; the first file's name is what the result says.
      for (const file of files.slice(1)) download(file.name, file.base64 !== undefined ? base64Bytes(file.base64) : (file.text ?? ''));
      const first = files[0]!;
      return download(first.name, first.base64 !== undefined ? base64Bytes(first.base64) : (first.text ?? ''));
    },
    async listRecent() {
      return browserRecent.list();
    },
    async openRecent(id) {
      const entry = browserRecent.get(id);
      return entry ? openText(entry.contents, entry.name) : { status: 'error', error: 'That project is no longer in the Recent list.' };
    },
    writeRecovery: (snapshot) => browserRecovery.write(snapshot),
    readRecovery: () => browserRecovery.read(),
    clearRecovery: () => browserRecovery.clear(),
    async listDatasets() {
      return datasetChoices();
    },
    async registerDataset(dataset) {
      trainer.registerDataset(dataset);
    },
    async startTraining(request) {
      trainer.start(request);
    },
    async stopTraining(jobId) {
      trainer.stop(jobId);
    },
    async exportTrainedModel(jobId, baseName) {
      const model = await trainer.exportModel(jobId, baseName);
      download(model.weightsFileName, model.weights);
      return download(`${baseName}.json`, model.modelJson);
    },
    async pauseTraining(jobId) {
      trainer.pause(jobId);
    },
    async resumeTraining(jobId) {
      trainer.resume(jobId);
    },
    onTrainingEvent: (listener) => trainer.onEvent(listener),
    // The toolbar is the menu in the browser.
    onMenuCommand: () => () => undefined,
    inspect: (request) => trainer.inspect(request),
    loadModel: (request) => trainer.loadModel(request),
    datasetSamples: (request) => trainer.datasetSamples(request),
    warmup: (request) => trainer.warmup(request),
  };
}
