import { useEffect } from 'react';
import type { AppApi } from '../../shared/api/app-api';
import { GraphCanvas } from './components/GraphCanvas';
import { NoticeBanner, RecoveryBanner, TrainingLockBanner } from './components/NoticeBanner';
import { Palette } from './components/Palette';
import { Sidebar } from './components/Sidebar';
import { Toolbar } from './components/toolbar/Toolbar';
import { CommandPalette } from './components/command-palette/CommandPalette';
import { ExportDiagramDialog } from './components/export-diagram/ExportDiagramDialog';
import { useEpochSnapshots } from './components/viz/use-live-refresh';
import { FilterLab } from './lab/FilterLab';
import { LessonsView } from './lab/LessonsView';
import { Welcome } from './components/welcome/Welcome';
import { useUiStore } from './store/ui-store';
import { runCommand } from './commands';
import { useShortcuts } from './shortcuts';
import { useAutosave } from './store/use-autosave';
import { connectHost } from './store/connect';
import { useDirty, useProjectStore } from './store/project-store';
import { useHomeworkStore } from './store/homework-store';
import { HomeworkDialogs } from './components/homework/HomeworkDialogs';
import './components/homework/homework.css';

export function App({ api }: { api: AppApi }) {
  const fileName = useProjectStore((s) => s.fileName);
  const dirty = useDirty();
  const view = useUiStore((s) => s.view);
  const welcomeOpen = useUiStore((s) => s.welcomeOpen);
  // Doing homework the network is fixed: no palette to add layers from.
  const doingHomework = useHomeworkStore((s) => s.session !== null);
  const setWelcomeOpen = useUiStore((s) => s.setWelcomeOpen);
  useShortcuts();
  useAutosave();
  useEpochSnapshots();
  useEffect(() => connectHost(api), [api]);
  useEffect(() => api.onMenuCommand(runCommand), [api]);
  // The homework that was open when the app closed comes back with its answers.
  useEffect(() => useHomeworkStore.getState().restore(), []);
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
      <TrainingLockBanner />
      <NoticeBanner />
      {view === 'editor' && (
        <main className={`workspace${doingHomework ? ' workspace--homework' : ''}`}>
          {!doingHomework && <Palette />}
          <GraphCanvas />
          <Sidebar />
        </main>
      )}
      {view === 'lab' && <FilterLab />}
      {view === 'lessons' && <LessonsView />}
      {welcomeOpen && <Welcome onClose={() => setWelcomeOpen(false)} />}
      <HomeworkDialogs />
      <CommandPalette />
      <ExportDiagramDialog />
    </div>
  );
}
