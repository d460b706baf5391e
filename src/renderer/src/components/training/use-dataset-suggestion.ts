/**
 * Picks the dataset that fits the network when its Input changes: the current one stays if its
 * images match, else the first dataset that matches (see `suggestDataset`). Once per Input shape, so
 * a dataset the learner picks by hand is never switched back while the Input stays the same.
 */
import { useEffect } from 'react';
import type { DatasetChoice } from '../../../../shared/api/app-api';
import { suggestDataset } from '../../../../shared/planning/run-plan';
import { useTrainingStore } from '../../store/training-store';
import { useAnalysis } from '../../store/use-analysis';

let suggestedFor: string | null = null;

export function useDatasetSuggestion(choices: DatasetChoice[]): void {
  const analysis = useAnalysis();
  const input = analysis.nodes[analysis.inputIds[0] ?? '']?.shape;
  const inputKey = input?.join('×') ?? '';
  const ready = choices.length > 0;
  useEffect(() => {
    if (!ready || suggestedFor === inputKey) return;
    suggestedFor = inputKey;
    const { setup, updateSetup } = useTrainingStore.getState();
    const id = suggestDataset(choices, input, setup.datasetId);
    if (id === setup.datasetId) return;
    const kind = choices.find((c) => c.id === id)?.kind;
    updateSetup({ datasetId: id, options: kind === 'regression' ? { loss: 'meanSquaredError' } : { loss: 'sparseCategoricalCrossentropy' } });
    // `inputKey` stands for the Input's shape.
  }, [ready, inputKey]); // eslint-disable-line react-hooks/exhaustive-deps
}
