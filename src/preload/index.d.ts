import type { AppApi } from '../shared/api/app-api';

declare global {
  interface Window {
    /** Present only in the Electron host (exposed by the preload). */
    cnnStudio?: AppApi;
  }
}

export {};
