import { useAppStore } from '../store/app-store';

export function Toolbar() {
  const fileName = useAppStore((s) => s.fileName);
  const dirty = useAppStore((s) => s.dirty);
  const host = useAppStore((s) => s.api?.host);
  const openProject = useAppStore((s) => s.openProject);
  const saveProject = useAppStore((s) => s.saveProject);
  return (
    <header className="toolbar">
      <strong className="brand">CNN Studio</strong>
      <button data-testid="open-project" onClick={() => void openProject()}>
        Open…
      </button>
      <button data-testid="save-project" onClick={() => void saveProject()}>
        Save
      </button>
      <span className="file-name" data-testid="file-name">
        {fileName}
        {dirty ? ' •' : ''}
      </span>
      <span className="host-badge" data-testid="host-kind" data-host={host}>
        {host === 'electron' ? 'Desktop' : 'Browser'}
      </span>
    </header>
  );
}
