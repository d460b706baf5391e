import { useEffect } from 'react';
import type { AppApi } from '../../shared/api/app-api';
import { GraphCanvas } from './components/GraphCanvas';
import { Inspector } from './components/Inspector';
import { NoticeBanner, RecoveryBanner } from './components/NoticeBanner';
import { Palette } from './components/Palette';
import { SummaryPanel } from './components/SummaryPanel';
import { Toolbar } from './components/Toolbar';
import { TrainingPanel } from './components/TrainingPanel';
import { runCommand } from './commands';
import { useShortcuts } from './shortcuts';
import { useAutosave } from './store/use-autosave';
import { selectDirty, useAppStore } from './store/app-store';

export function App({ api }: { api: AppApi }) {
  const connect = useAppStore((s) => s.connect);
  const fileName = useAppStore((s) => s.fileName);
  const dirty = useAppStore(selectDirty);
  useShortcuts();
  useAutosave();
  useEffect(() => connect(api), [api, connect]);
  useEffect(() => api.onMenuCommand(runCommand), [api]);
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${fileName} — CNN Studio`;
  }, [fileName, dirty]);
  // Closing with unsaved changes asks first (the browser's prompt; Electron's main process shows a dialog).
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  return (
    <div className="app">
      <Toolbar />
      <RecoveryBanner />
      <NoticeBanner />
      <main className="workspace">
        <Palette />
        <GraphCanvas />
        <aside className="sidebar">
          <Inspector />
          <SummaryPanel />
          <TrainingPanel />
        </aside>
      </main>
    </div>
  );
}
