/**
 * The window's toolbar: workspace switch, file and edit commands, the file name and the host. It
 * fits any width: entries that do not fit move, least useful first, into the "More" menu, and only
 * the commands that apply to the current workspace are shown at all.
 */
import { Fragment, useCallback, useLayoutEffect, useRef, useState } from 'react';
import { TEMPLATES } from '../../../../shared/templates';
import { commandSpec, EXPORT_MENU, HOMEWORK_MENU, TOOLBAR, type CommandId } from '../../../../shared/commands/commands';
import { commandTitle, runCommand, useDisabledCommands } from '../../commands';
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
  disabled?: boolean;
  /** A thin rule before it (between the file and the edit commands). */
  separatorBefore?: boolean;
  run?: () => void;
  menu?: { items: MenuItem[]; empty: string };
}

/** Space the file name keeps before commands start moving to the overflow menu. */
const FILE_NAME_MIN_PX = 150;
const SEPARATOR_PX = 17;

/** The toolbar's slots (`TOOLBAR` in the command table) for this workspace: commands from the table, plus the templates and recent menus. */
function useEntries(view: View): Entry[] {
  const disabled = useDisabledCommands();
  const recent = useProjectStore((s) => s.recent);
  const s = useProjectStore.getState();
  const exportItem = (id: CommandId) => ({
    key: id,
    testId: id,
    title: commandSpec(id).label.replace(/^Export (.)/, (_, first: string) => first.toUpperCase()),
    detail: commandSpec(id).description,
    disabled: disabled.has(id),
    onSelect: () => runCommand(id),
  });
  const menus: Record<'templates' | 'recent' | 'export' | 'homework', Omit<Entry, 'priority'>> = {
    homework: {
      id: 'homework',
      label: 'Homework',
      title: 'Make homework of this network, do a homework, or practise on a random exercise',
      menu: {
        empty: '',
        items: HOMEWORK_MENU.map((id) => ({
          key: id,
          testId: id,
          title: commandSpec(id).label,
          detail: commandSpec(id).description,
          disabled: disabled.has(id),
          onSelect: () => runCommand(id),
        })),
      },
    },
    export: {
      id: 'export',
      label: 'Export',
      title: 'The network as PyTorch or Keras code, a notebook, Keras model JSON, a diagram or its summary table',
      menu: { empty: '', items: EXPORT_MENU.map(exportItem) },
    },
    templates: {
      id: 'templates',
      label: 'Templates',
      title: "Start from one of the course's networks or a classic",
      menu: {
        empty: '',
        items: TEMPLATES.map((t) => ({
          key: t.slug,
          testId: `template-${t.slug}`,
          title: t.title,
          detail: t.description,
          onSelect: () => s.newFromTemplate(t.slug),
        })),
      },
    },
    recent: {
      id: 'recent',
      label: 'Recent',
      title: 'Reopen a recent project',
      menu: {
        empty: 'No recent projects yet.',
        items: recent.map((r, i) => ({
          key: r.id,
          testId: `recent-${i}`,
          title: r.name,
          detail: `${r.id} · ${new Date(r.at).toLocaleString()}`,
          onSelect: () => void s.openRecent(r.id),
        })),
      },
    },
  };
  return TOOLBAR.filter((slot) => !slot.editorOnly || view === 'editor').map((slot): Entry => {
    const placement = { priority: slot.priority, separatorBefore: slot.separatorBefore };
    if ('menu' in slot) return { ...menus[slot.menu], ...placement };
    const id = slot.command;
    return { id, label: commandSpec(id).label, title: commandTitle(id), ...placement, disabled: disabled.has(id), run: () => runCommand(id) };
  });
}

function EntryControl({ entry }: { entry: Entry }) {
  if (entry.menu)
    return <Menu label={entry.label} title={entry.title} testId={`action-${entry.id}`} sections={[{ items: entry.menu.items, empty: entry.menu.empty }]} />;
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
  const fixedRef = useCallback(
    (slot: number) => (el: HTMLElement | null) => {
      fixedRefs.current[slot] = el;
    },
    [],
  );
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
