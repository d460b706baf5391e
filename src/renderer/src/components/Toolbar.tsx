import { TEMPLATES } from '../../../shared/templates';
import { selectDirty, useAppStore } from '../store/app-store';
import { SHORTCUT_HINTS } from '../shortcuts';
import { runCommand } from '../commands';
import { Menu } from './Menu';
import { useUiStore, type View } from '../store/ui-store';

const VIEWS: { view: View; label: string; title: string }[] = [
  { view: 'editor', label: 'Network', title: 'Build, train and look inside the network' },
  { view: 'lab', label: 'Filter Lab', title: 'Apply kernels to photos: padding, stride, dilation, stacking' },
  { view: 'lessons', label: 'Lessons', title: "The course's convolution lessons, hands-on" },
];

export function Toolbar() {
  const fileName = useAppStore((s) => s.fileName);
  const dirty = useAppStore(selectDirty);
  const host = useAppStore((s) => s.api?.host);
  const canUndo = useAppStore((s) => s.history.past.length > 0);
  const canRedo = useAppStore((s) => s.history.future.length > 0);
  const recent = useAppStore((s) => s.recent);
  const s = useAppStore.getState();
  const view = useUiStore((u) => u.view);
  const setView = useUiStore((u) => u.setView);
  return (
    <header className="toolbar">
      <strong className="brand">CNN Studio</strong>
      <span className="view-switch" role="tablist">
        {VIEWS.map((v) => (
          <button key={v.view} role="tab" aria-selected={view === v.view} data-testid={`view-${v.view}`} title={v.title} onClick={() => setView(v.view)}>
            {v.label}
          </button>
        ))}
      </span>
      <button data-testid="action-new" title={`New blank network (${SHORTCUT_HINTS.new})`} onClick={() => runCommand('new')}>
        New
      </button>
      <Menu
        label="Templates"
        testId="action-templates"
        items={TEMPLATES.map((t) => ({ key: t.slug, testId: `template-${t.slug}`, title: t.title, detail: t.description, onSelect: () => s.newFromTemplate(t.slug) }))}
      />
      <button data-testid="action-open" title={`Open a project, Keras or tfjs model (${SHORTCUT_HINTS.open})`} onClick={() => runCommand('open')}>
        Open…
      </button>
      <Menu
        label="Recent"
        testId="action-recent"
        empty="No recent projects yet."
        items={recent.map((r, i) => ({ key: r.id, testId: `recent-${i}`, title: r.name, detail: `${r.id} · ${new Date(r.at).toLocaleString()}`, onSelect: () => void s.openRecent(r.id) }))}
      />
      <button data-testid="action-save" title={`Save (${SHORTCUT_HINTS.save})`} onClick={() => runCommand('save')}>
        Save
      </button>
      <button data-testid="action-save-as" title={`Save as (${SHORTCUT_HINTS.saveAs})`} onClick={() => runCommand('save-as')}>
        Save as…
      </button>
      <button data-testid="action-export-keras" title="Export as Keras model JSON (model_from_json / tfjs)" onClick={() => runCommand('export-keras')}>
        Export Keras
      </button>
      <span className="toolbar__sep" />
      <button data-testid="action-undo" title={`Undo (${SHORTCUT_HINTS.undo})`} disabled={!canUndo} onClick={() => runCommand('undo')}>
        Undo
      </button>
      <button data-testid="action-redo" title={`Redo (${SHORTCUT_HINTS.redo})`} disabled={!canRedo} onClick={() => runCommand('redo')}>
        Redo
      </button>
      <button data-testid="action-layout" title="Arrange the layers top-down" onClick={() => runCommand('layout')}>
        Auto-layout
      </button>
      <span className="file-name" data-testid="file-name">
        {fileName}
        {dirty && (
          <span data-testid="unsaved-mark" title="Unsaved changes">
            {' '}•
          </span>
        )}
      </span>
      <span className="host-badge" data-testid="host-kind" data-host={host}>
        {host === 'electron' ? 'Desktop' : 'Browser'}
      </span>
    </header>
  );
}
