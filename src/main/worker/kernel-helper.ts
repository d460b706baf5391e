/** worker_threads entry of the SIMD kernel's helper thread (built as `out/main/kernel-helper.js`). */
import { workerData } from 'node:worker_threads';
import { serveKernelRequests, type KernelHelperInit } from '../../shared/training/wasm-simd/kernel-threads';

serveKernelRequests(workerData as KernelHelperInit);
