/**
 * Web Worker entry of a SIMD kernel helper thread (started by trainer.worker.ts where the page is
 * cross-origin isolated, so tfjs's heap is shared): it takes the helper's start message, serves jobs
 * until told to stop, then closes.
 */
import { serveKernelRequests, type KernelHelperInit } from '../../../shared/training/wasm-backend/simd/kernel-threads';

// The renderer's tsconfig carries DOM types, not WebWorker ones (they clash); this is all we use of the scope.
interface HelperScope {
  onmessage: ((event: MessageEvent<KernelHelperInit>) => void) | null;
  close(): void;
}
const scope = self as unknown as HelperScope;

scope.onmessage = (event) => {
  scope.onmessage = null;
  serveKernelRequests(event.data);
  scope.close();
};
