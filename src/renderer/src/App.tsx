import { useEffect } from 'react';
import type { AppApi } from '../../shared/api/app-api';
import { GraphCanvas } from './components/GraphCanvas';
import { NoticeBanner } from './components/NoticeBanner';
import { SummaryPanel } from './components/SummaryPanel';
import { Toolbar } from './components/Toolbar';
import { TrainingPanel } from './components/TrainingPanel';
import { useAppStore } from './store/app-store';

export function App({ api }: { api: AppApi }) {
  const connect = useAppStore((s) => s.connect);
  const fileName = useAppStore((s) => s.fileName);
  const dirty = useAppStore((s) => s.dirty);
  useEffect(() => connect(api), [api, connect]);
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${fileName} — CNN Studio`;
  }, [fileName, dirty]);
  return (
    <div className="app">
      <Toolbar />
      <NoticeBanner />
      <main className="workspace">
        <GraphCanvas />
        <aside className="sidebar">
          <SummaryPanel />
          <TrainingPanel />
        </aside>
      </main>
    </div>
  );
}
