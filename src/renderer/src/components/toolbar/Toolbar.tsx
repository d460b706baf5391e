/**
 * The window's toolbar: workspace switch, file and edit commands, the file name and the host. It
 * fits any width: entries that do not fit move, least useful first, into the "More" menu, and only
 * the commands that apply to the current workspace are shown at all.
 */
import { Fragment, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { TEMPLATES } from '../../../../shared/templates';
import { runCommand } from '../../commands';
import { SHORTCUT_HINTS } from '../../shortcuts';
import { useDocumentStore } from '../../store/document-store';
import { getHost } from '../../store/host';
import { useDirty, useProjectStore } from '../../store/project-store';
import { useUiStore, type View } from '../../store/ui-store';
import { Menu, type MenuItem, type MenuSection } from './Menu';
import { fitToolbar } from './toolbar-fit';
import './toolbar.css';

const VIEWS: { view: View; label: string; title: string }[] = [
  { view: 'editor', label: 'Network', title: 'Build, train and look inside the network' },
  { view: 'lab', label: 'Filter Lab', title: 'Apply kernels to photos: padding, stride, dilation, stacking' },
  { view: 'lessons', label: 'Lessons', title: "The course's convolution lessons, hands-on" },
];

/** One toolbar entry: a command button, or a menu of items (templates, recent files). */
interface Entry {
  id: string;
  label: string;
  title: string;
  /** Lower stays in the toolbar longer when space runs out. */
  priority: number;
  /** Workspaces it applies to; all when absent. */
  views?: View[];
  disabled?: boolean;
  /** A thin rule before it (between the file and the edit commands). */
  separatorBefore?: boolean;
  run?: () => void;
  menu?: { items: MenuItem[]; empty: string };
}

const EDITOR_ONLY: View[] = ['editor'];
/** Space the file name keeps before commands start moving to the overflow menu. */
const FILE_NAME_MIN_PX = 150;
const SEPARATOR_PX = 17;

function useEntries(view: View): Entry[] {
  const canUndo = useDocumentStore((s) => s.history.past.length > 0);
  const canRedo = useDocumentStore((s) => s.history.future.length > 0);
  const recent = useProjectStore((s) => s.recent);
  const s = useProjectStore.getState();
  const entries: Entry[] = [
    { id: 'new', label: 'New', title: `New blank network (${SHORTCUT_HINTS.new})`, priority: 1, run: () => runCommand('new') },
    {
      id: 'templates', label: 'Templates', title: "Start from one of the course's networks or a classic", priority: 2,
      menu: { empty: '', items: TEMPLATES.map((t) => ({ key: t.slug, testId: `template-${t.slug}`, title: t.title, detail: t.description, onSelect: () => s.newFromTemplate(t.slug) })) },
    },
    { id: 'open', label: 'Open…', title: `Open a project, Keras or tfjs model (${SHORTCUT_HINTS.open})`, priority: 3, run: () => runCommand('open') },
    {
      id: 'recent', label: 'Recent', title: 'Reopen a recent project', priority: 5,
      menu: {
        empty: 'No recent projects yet.',
        items: recent.map((r, i) => ({ key: r.id, testId: `recent-${i}`, title: r.name, detail: `${r.id} · ${new Date(r.at).toLocaleString()}`, onSelect: () => void s.openRecent(r.id) })),
      },
    },
    { id: 'save', label: 'Save', title: `Save (${SHORTCUT_HINTS.save})`, priority: 4, run: () => runCommand('save') },
    { id: 'save-as', label: 'Save as…', title: `Save as (${SHORTCUT_HINTS.saveAs})`, priority: 8, run: () => runCommand('save-as') },
    { id: 'export-keras', label: 'Export Keras', title: 'Export as Keras model JSON (model_from_json / tfjs)', priority: 10, views: EDITOR_ONLY, run: () => runCommand('export-keras') },
    { id: 'undo', label: 'Undo', title: `Undo (${SHORTCUT_HINTS.undo})`, priority: 6, views: EDITOR_ONLY, separatorBefore: true, disabled: !canUndo, run: () => runCommand('undo') },
    { id: 'redo', label: 'Redo', title: `Redo (${SHORTCUT_HINTS.redo})`, priority: 7, views: EDITOR_ONLY, disabled: !canRedo, run: () => runCommand('redo') },
    { id: 'layout', label: 'Auto-layout', title: 'Arrange the layers top-down', priority: 9, views: EDITOR_ONLY, run: () => runCommand('layout') },
    { id: 'welcome', label: 'Welcome', title: "Where to start: a small MNIST CNN, the course's networks, the lessons, the Filter Lab", priority: 11, run: () => runCommand('welcome') },
  ];
  return entries.filter((e) => !e.views || e.views.includes(view));
}

function EntryControl({ entry }: { entry: Entry }) {
  if (entry.menu) return <Menu label={entry.label} title={entry.title} testId={`action-${entry.id}`} sections={[{ items: entry.menu.items, empty: entry.menu.empty }]} />;
  return (
    <button data-testid={`action-${entry.id}`} title={entry.title} disabled={entry.disabled} onClick={entry.run}>
      {entry.label}
    </button>
  );
}

/** The overflow menu: hidden commands first, then hidden menus as headed sections of their items. */
function overflowSections(hidden: Entry[]): MenuSection[] {
  const commands: MenuItem[] = hidden
    .filter((e) => e.run)
    .map((e) => ({ key: e.id, testId: `overflow-${e.id}`, title: e.label, detail: e.title, disabled: e.disabled, onSelect: e.run! }));
  const menus = hidden.filter((e) => e.menu).map((e) => ({ heading: e.label, items: e.menu!.items, empty: e.menu!.empty }));
  return [...(commands.length ? [{ items: commands }] : []), ...menus];
}

const GAP_PX = 8;
const PADDING_PX = 24;

/**
 * What fits at the toolbar's current width. Every entry is measured in an invisible row (widths
 * follow the font, so they are read, never guessed); the brand gives way before any command does.
 */
function useFit(entries: Entry[]) {
  const toolbarRef = useRef<HTMLElement>(null);
  const measureRef = useRef<HTMLDivElement>(null);
  const fixedRefs = useRef<(HTMLElement | null)[]>([]);
  /** Ref callbacks for the parts that never move to the overflow menu (their widths are subtracted). */
  const fixedRef = useCallback((slot: number) => (el: HTMLElement | null) => {
    fixedRefs.current[slot] = el;
  }, []);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const toolbar = toolbarRef.current;
    if (!toolbar) return;
    const observer = new ResizeObserver(() => setWidth(toolbar.clientWidth));
    observer.observe(toolbar);
    setWidth(toolbar.clientWidth);
    return () => observer.disconnect();
  }, []);
  const [fit, setFit] = useState<{ shown: Set<string>; brand: boolean }>({ shown: new Set(entries.map((e) => e.id)), brand: true });
  const key = entries.map((e) => e.id).join(' ');
  useLayoutEffect(() => {
    const measure = measureRef.current;
    if (!measure || width === 0) return;
    const widthOf = (id: string) => (measure.querySelector<HTMLElement>(`[data-measure="${id}"]`)?.offsetWidth ?? 0) + GAP_PX;
    const fixed = fixedRefs.current.reduce((sum, el) => sum + (el?.offsetWidth ?? 0) + GAP_PX, 0);
    const available = width - PADDING_PX - fixed - FILE_NAME_MIN_PX;
    const sized = entries.map((e) => ({ id: e.id, width: widthOf(e.id) + (e.separatorBefore ? SEPARATOR_PX : 0), priority: e.priority }));
    const withBrand = fitToolbar(sized, available - widthOf('brand'), widthOf('more'));
    if (withBrand.overflow.length === 0) setFit({ shown: withBrand.shown, brand: true });
    else setFit({ shown: fitToolbar(sized, available, widthOf('more')).shown, brand: false });
    // `entries` is rebuilt every render; its ids (the key) are what change the fit.
  }, [width, key]); // eslint-disable-line react-hooks/exhaustive-deps
  return { toolbarRef, measureRef, fixedRef, fit };
}

export function Toolbar() {
  const fileName = useProjectStore((s) => s.fileName);
  const dirty = useDirty();
  const host = getHost().host;
  const view = useUiStore((u) => u.view);
  const setView = useUiStore((u) => u.setView);
  const entries = useEntries(view);
  const { toolbarRef, measureRef, fixedRef, fit } = useFit(entries);
  const hidden = entries.filter((e) => !fit.shown.has(e.id));
  const nameTitle = `${fileName}${dirty ? ' — unsaved changes' : ''}`;
  return (
    <header className="toolbar" ref={toolbarRef}>
      {fit.brand && <strong className="brand">CNN Studio</strong>}
      <span className="view-switch" ref={fixedRef(0)} role="tablist" aria-label="Workspace">
        {VIEWS.map((v) => (
          <button key={v.view} role="tab" aria-selected={view === v.view} data-testid={`view-${v.view}`} title={v.title} onClick={() => setView(v.view)}>
            {v.label}
          </button>
        ))}
      </span>
      {entries
        .filter((entry) => fit.shown.has(entry.id))
        .map((entry) => (
          <Fragment key={entry.id}>
            {entry.separatorBefore && <span className="toolbar__sep" />}
            <EntryControl entry={entry} />
          </Fragment>
        ))}
      {hidden.length > 0 && <Menu label="More" title="More commands" testId="action-more" align="end" sections={overflowSections(hidden)} />}
      <span className="file-name" data-testid="file-name" title={nameTitle}>
        <span className="file-name__text">{fileName}</span>
        {dirty && (
          <span className="file-name__dirty" data-testid="unsaved-mark" title="Unsaved changes" aria-label="unsaved changes">
            •
          </span>
        )}
      </span>
      <span
        className="host-badge"
        ref={fixedRef(1)}
        data-testid="host-kind"
        data-host={host}
        title={host === 'electron' ? 'The desktop app' : 'The browser version (files go through downloads)'}
      >
        {host === 'electron' ? 'Desktop' : 'Browser'}
      </span>
      {/* Invisible copies of every entry, measured to decide what fits (no test ids, out of the accessibility tree). */}
      <div className="toolbar__measure" ref={measureRef} aria-hidden="true" inert>
        <strong className="brand" data-measure="brand">
          CNN Studio
        </strong>
        {entries.map((e) => (
          <button key={e.id} data-measure={e.id} tabIndex={-1}>
            {e.label}
            {e.menu ? ' ▾' : ''}
          </button>
        ))}
        <button data-measure="more" tabIndex={-1}>
          More ▾
        </button>
      </div>
    </header>
  );
}
