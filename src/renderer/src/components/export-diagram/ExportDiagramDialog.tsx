/**
 * "Export diagram…": format (SVG or PNG), layout (as on the canvas, or auto-laid-out) and theme, with
 * a preview of the picture as it will be saved. A modal dialog; Escape, Cancel or a click outside close it.
 */
import { useMemo } from 'react';
import { Dialog } from '../dialog/Dialog';
import { diagramFile } from '../../../../shared/export/export-files';
import { useDocumentStore } from '../../store/document-store';
import { exportDiagram, type DiagramChoice } from '../../export/export-diagram';
import { useProjectStore } from '../../store/project-store';
import { closeDiagramDialog, setDiagramChoice, useDiagramDialog } from './diagram-dialog-state';
import './export-diagram.css';

export function ExportDiagramDialog() {
  const open = useDiagramDialog((s) => s.open);
  return open ? <DiagramDialog /> : null;
}

interface Field<K extends keyof DiagramChoice> {
  key: K;
  label: string;
  options: { value: DiagramChoice[K]; label: string }[];
}

const FIELDS: [Field<'format'>, Field<'layout'>, Field<'theme'>] = [
  {
    key: 'format',
    label: 'Format',
    options: [
      { value: 'svg', label: 'SVG (sharp at any size)' },
      { value: 'png', label: 'PNG (a picture, twice the size)' },
    ],
  },
  {
    key: 'layout',
    label: 'Layout',
    options: [
      { value: 'canvas', label: 'As on the canvas' },
      { value: 'auto', label: 'Auto-laid-out' },
    ],
  },
  {
    key: 'theme',
    label: 'Theme',
    options: [
      { value: 'light', label: 'Light' },
      { value: 'dark', label: 'Dark' },
    ],
  },
];

function DiagramDialog() {
  const choice = useDiagramDialog((s) => s.choice);
  const graph = useDocumentStore((s) => s.graph);
  const fileName = useProjectStore((s) => s.fileName);
  const preview = useMemo(() => diagramFile(graph, fileName, { layout: choice.layout, theme: choice.theme }), [graph, fileName, choice.layout, choice.theme]);
  const save = () => {
    closeDiagramDialog();
    void exportDiagram(choice);
  };
  const extension = choice.format === 'png' ? '.png' : '.svg';
  return (
    <Dialog title="Export diagram" testId="export-diagram-dialog" className="export-diagram" onClose={closeDiagramDialog}>
      <div className="export-diagram__fields">
        {FIELDS.map((field) => (
          <label key={field.key} className="export-diagram__field">
            {field.label}
            <select
              data-testid={`export-diagram-${field.key}`}
              value={choice[field.key]}
              onChange={(e) => setDiagramChoice({ [field.key]: e.target.value } as Partial<DiagramChoice>)}
            >
              {field.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <div className="export-diagram__preview" data-theme={choice.theme}>
        <img
          data-testid="export-diagram-preview"
          alt="The diagram as it will be saved"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.text!)}`}
        />
      </div>
      <div className="export-diagram__footer">
        <span className="muted" data-testid="export-diagram-file">
          {preview.name.replace(/\.svg$/, extension)}
        </span>
        <button onClick={closeDiagramDialog}>Cancel</button>
        <button className="primary" data-testid="export-diagram-save" onClick={save}>
          Save
        </button>
      </div>
    </Dialog>
  );
}
