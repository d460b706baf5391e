import { useMemo, useState, type DragEvent } from 'react';
import { LAYER_SPECS } from '../../../shared/engine/registry';
import type { LayerFamily, LayerSpec } from '../../../shared/engine/types';
import { useDocumentStore } from '../store/document-store';

/** MIME type carrying a layer type from the palette to the canvas. */
export const LAYER_DRAG_TYPE = 'application/reactflow';

const GROUPS: { title: string; families: LayerFamily[] }[] = [
  { title: 'Input', families: ['input'] },
  { title: 'Convolution', families: ['convolution'] },
  { title: 'Pooling', families: ['pooling'] },
  { title: 'Core', families: ['core', 'activation'] },
  { title: 'Normalization & regularization', families: ['normalization'] },
  { title: 'Merge', families: ['merge'] },
  { title: 'Preprocessing & augmentation', families: ['preprocessing'] },
];

function matches(spec: LayerSpec, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || spec.type.toLowerCase().includes(q) || spec.summary.toLowerCase().includes(q);
}

export function Palette() {
  const [query, setQuery] = useState('');
  const addFromPalette = useDocumentStore((s) => s.addFromPalette);
  const groups = useMemo(
    () => GROUPS.map((g) => ({ ...g, specs: LAYER_SPECS.filter((s) => g.families.includes(s.family) && matches(s, query)) })).filter((g) => g.specs.length > 0),
    [query],
  );
  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(LAYER_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'move';
  };
  return (
    <nav className="palette" data-testid="palette" aria-label="Layers">
      <input
        className="palette__search"
        data-testid="palette-search"
        type="search"
        placeholder="Search layers…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {groups.map((group) => (
        <section key={group.title} className="palette__group">
          <h3>{group.title}</h3>
          {group.specs.map((spec) => (
            <div
              key={spec.type}
              className={`palette__item family-${spec.family}`}
              data-testid={`palette-${spec.type}`}
              draggable
              tabIndex={0}
              title={`${spec.summary}\nDrag onto the canvas, or double-click to add after the selected layer.`}
              onDragStart={(e) => onDragStart(e, spec.type)}
              onDoubleClick={() => addFromPalette(spec.type)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') addFromPalette(spec.type);
              }}
            >
              <div className="palette__name">{spec.type}</div>
              <div className="palette__summary">{spec.summary}</div>
            </div>
          ))}
        </section>
      ))}
      {groups.length === 0 && <p className="muted">No layer matches “{query}”.</p>}
    </nav>
  );
}
