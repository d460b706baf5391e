/**
 * `AppApi` for the renderer running as a plain web page: training in a module Web Worker running the
 * same trainer as Electron's worker thread, project files through upload and download.
 */
import type { AppApi, OpenProjectResult, SaveProjectResult } from '../../../shared/api/app-api';
import { TrainerClient } from '../../../shared/api/trainer-client';
import type { TrainerReply } from '../../../shared/api/training-protocol';
import { BUILTIN_DATASETS } from '../../../shared/data/datasets';
import { parseProject, PROJECT_EXTENSION } from '../../../shared/project/project-file';

function spawnWebWorker(): TrainerClient {
  return new TrainerClient(({ onReply, onCrash }) => {
    const worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
    worker.onmessage = (event: MessageEvent<TrainerReply>) => onReply(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      onCrash(`The training worker crashed: ${event.message || 'unknown error'}`);
      worker.terminate();
    };
    return { post: (command) => worker.postMessage(command), terminate: () => worker.terminate() };
  });
}

/** Opens the browser's file picker; resolves null when the user cancels. */
function pickFile(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.dataset.testid = 'project-file-input';
    input.style.display = 'none';
    const finish = (file: File | null) => {
      input.remove();
      resolve(file);
    };
    input.addEventListener('change', () => finish(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => finish(null));
    document.body.append(input);
    input.click();
  });
}

export async function readProjectUpload(file: File): Promise<OpenProjectResult> {
  const parsed = parseProject(await file.text(), file.name);
  return parsed.ok ? { status: 'opened', opened: { name: file.name, project: parsed.value } } : { status: 'error', error: parsed.error };
}

function download(name: string, contents: string): SaveProjectResult {
  const url = URL.createObjectURL(new Blob([contents], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { status: 'saved', name };
}

export function createBrowserHost(): AppApi {
  const trainer = spawnWebWorker();
  return {
    host: 'browser',
    async openProject() {
      const file = await pickFile(`.${PROJECT_EXTENSION},.json,application/json`);
      return file ? readProjectUpload(file) : { status: 'canceled' };
    },
    async saveProject(request) {
      return download(request.suggestedName, request.contents);
    },
    async listDatasets() {
      return BUILTIN_DATASETS;
    },
    async startTraining(request) {
      trainer.start(request);
    },
    async stopTraining(jobId) {
      trainer.stop(jobId);
    },
    onTrainingEvent: (listener) => trainer.onEvent(listener),
    inspect: (request) => trainer.inspect(request),
  };
}
