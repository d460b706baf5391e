/** Saves the open network's diagram as the "Export diagram" dialog chose: SVG as it is, or rasterized to PNG. */
import type { DiagramLayout, DiagramTheme } from '../../../shared/export/diagram-svg';
import { diagramFile } from '../../../shared/export/export-files';
import { useDocumentStore } from '../store/document-store';
import { saveExport } from '../store/export';
import { showNotice } from '../store/notice-store';
import { useProjectStore } from '../store/project-store';
import { svgToPng } from './diagram-png';

/** What the "Export diagram" dialog asks for. */
export interface DiagramChoice {
  format: 'svg' | 'png';
  layout: DiagramLayout;
  theme: DiagramTheme;
}

export async function exportDiagram({ format, layout, theme }: DiagramChoice): Promise<void> {
  const svg = diagramFile(useDocumentStore.getState().graph, useProjectStore.getState().fileName, { layout, theme });
  if (format === 'svg') return saveExport({ ok: true, files: [svg] }, 'diagram as SVG');
  let bytes: Uint8Array;
  try {
    bytes = await svgToPng(svg.text!);
  } catch (e) {
    return showNotice({ kind: 'error', text: `Could not draw the diagram as PNG: ${(e as Error).message}` });
  }
  await saveExport({ ok: true, files: [{ name: svg.name.replace(/\.svg$/, '.png'), bytes }] }, 'diagram as PNG');
}
