/** Chooses the host once at start-up: the Electron preload's API if present, else the browser host. */
import type { AppApi } from '../../../shared/api/app-api';
import { createBrowserHost } from './browser-host';

export function pickHost(): AppApi {
  return window.cnnStudio ?? createBrowserHost();
}
