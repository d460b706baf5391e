/** Whether the "Export diagram" dialog is open, and the choices it last had (kept for the next export). */
import { create } from 'zustand';
import type { DiagramChoice } from '../../export/export-diagram';

interface DiagramDialogState {
  open: boolean;
  choice: DiagramChoice;
}

export const useDiagramDialog = create<DiagramDialogState>()(() => ({ open: false, choice: { format: 'svg', layout: 'canvas', theme: 'light' } }));
export const openDiagramDialog = (): void => useDiagramDialog.setState({ open: true });
export const closeDiagramDialog = (): void => useDiagramDialog.setState({ open: false });
export const setDiagramChoice = (change: Partial<DiagramChoice>): void => useDiagramDialog.setState((s) => ({ choice: { ...s.choice, ...change } }));
