/** Web Worker entry of the browser host: the same trainer Electron runs in its worker thread. */
import type { TrainerCommand, TrainerReply } from '../../../shared/api/training-protocol';
import { createTrainer } from '../../../shared/training/trainer';
import { createWorkerEnvBackend } from '../../../shared/training/backend';
import type { KernelThreadsSetting } from '../../../shared/training/wasm-backend';
import { loadBrowserDataset } from './browser-datasets';
import { wasmUrls } from './wasm-urls';

// The renderer's tsconfig carries DOM types, not WebWorker ones (they clash); this is all we use of the scope.
interface WorkerScope {
  postMessage(message: TrainerReply, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<TrainerCommand>) => void) | null;
}
const scope = self as unknown as WorkerScope;

// The SIMD filter gradient splits its work over every core where tfjs's heap is shared (a
// cross-origin isolated page); helpers are nested Web Workers, started on first use.
const kernelThreads: KernelThreadsSetting = {
  parts: navigator.hardwareConcurrency || 1,
  spawn: (init) => new Worker(new URL('./kernel-helper.worker.ts', import.meta.url), { type: 'module', name: 'kernel-helper' }).postMessage(init),
};

const trainer = createTrainer({
  post: (reply, transfer) => scope.postMessage(reply, transfer ?? []),
  loadImageDataset: loadBrowserDataset,
  ...createWorkerEnvBackend({ preferred: 'wasm', wasmPaths: wasmUrls, kernelThreads }),
});
scope.onmessage = (event) => void trainer.handle(event.data);
