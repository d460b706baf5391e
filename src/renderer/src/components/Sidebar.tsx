import { useState } from 'react';
import { isTrainingActive, useAppStore } from '../store/app-store';
import { Inspector } from './Inspector';
import { SummaryPanel } from './SummaryPanel';
import { TrainingPanel } from './TrainingPanel';

/** The right-hand side: designing the network, or training it. */
export function Sidebar() {
  const [tab, setTab] = useState<'design' | 'train'>('design');
  const training = useAppStore((s) => isTrainingActive(s.training));
  return (
    <aside className="sidebar">
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'design'} data-testid="tab-design" onClick={() => setTab('design')}>
          Design
        </button>
        <button role="tab" aria-selected={tab === 'train'} data-testid="tab-train" onClick={() => setTab('train')}>
          Train{training ? ' ●' : ''}
        </button>
      </div>
      {tab === 'design' ? (
        <>
          <Inspector />
          <SummaryPanel />
        </>
      ) : (
        <TrainingPanel />
      )}
    </aside>
  );
}
