/** Start-up: the host goes in once, the project reads its recovery slot and recent list, trainer events reach the training store. */
import type { AppApi } from '../../../shared/api/app-api';
import { setHost } from './host';
import { useProjectStore } from './project-store';
import { useTrainingStore } from './training-store';

export function connectHost(api: AppApi): () => void {
  setHost(api);
  void useProjectStore.getState().init();
  return api.onTrainingEvent((event) => useTrainingStore.getState().onTrainingEvent(event));
}
