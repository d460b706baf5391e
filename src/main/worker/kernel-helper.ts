/** worker_threads entry of a SIMD kernel helper thread (built as `out/main/kernel-helper.js`); it ends when told to stop. */
import { workerData } from 'node:worker_threads';
import { serveKernelRequests, type KernelHelperInit } from '../../shared/training/wasm-backend/simd/kernel-threads';

serveKernelRequests(workerData as KernelHelperInit);
