import { useEffect, useRef } from 'react';
import { isTrainingActive } from '../store/training-reducer';
import { useTrainingStore } from '../store/training-store';
import { CodePanel } from './code/CodePanel';
import { Inspector } from './Inspector';
import { SummaryPanel } from './SummaryPanel';
import { TrainingPanel } from './TrainingPanel';
import { VizPanel } from './viz/VizPanel';
import { useUiStore } from '../store/ui-store';
import { useHomeworkStore } from '../store/homework-store';
import { HomeworkPanel } from './homework/HomeworkPanel';

/** The right-hand side: designing the network, training it, or looking inside it; one width for every tab. */
export function Sidebar() {
  const tab = useUiStore((u) => u.sidebarTab);
  const setTab = useUiStore((u) => u.setSidebarTab);
  const training = useTrainingStore((s) => isTrainingActive(s.training));
  const homework = useHomeworkStore((s) => s.session);
  const ref = useRef<HTMLElement>(null);
  // Each tab opens at its top, not where the previous one was scrolled to.
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
  }, [tab]);
  // Doing homework: only the homework, the inspector and the summary (the other tabs would show the answers).
  if (homework)
    return (
      <aside className="sidebar" ref={ref} data-testid="sidebar">
        <HomeworkPanel session={homework} />
        <Inspector />
        <SummaryPanel />
      </aside>
    );
  return (
    <aside className="sidebar" ref={ref} data-testid="sidebar">
      <div className="tabs" role="tablist">
        <button role="tab" aria-selected={tab === 'design'} data-testid="tab-design" onClick={() => setTab('design')}>
          Design
        </button>
        <button role="tab" aria-selected={tab === 'train'} data-testid="tab-train" onClick={() => setTab('train')}>
          Train{training ? ' ●' : ''}
        </button>
        <button
          role="tab"
          aria-selected={tab === 'inside'}
          data-testid="tab-inside"
          onClick={() => setTab('inside')}
          title="Feature maps and filters, layer by layer"
        >
          Look inside
        </button>
        <button role="tab" aria-selected={tab === 'code'} data-testid="tab-code" onClick={() => setTab('code')} title="The network as PyTorch or Keras code">
          Code
        </button>
      </div>
      {tab === 'design' ? (
        <>
          <Inspector />
          <SummaryPanel />
        </>
      ) : tab === 'train' ? (
        <TrainingPanel />
      ) : tab === 'inside' ? (
        <VizPanel />
      ) : (
        <CodePanel />
      )}
    </aside>
  );
}
