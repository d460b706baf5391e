/** Whether the command palette is open (its own tiny store, so the `palette` command can open it from anywhere). */
import { create } from 'zustand';

export const usePaletteStore = create<{ open: boolean }>()(() => ({ open: false }));
export const openCommandPalette = (): void => usePaletteStore.setState({ open: true });
export const closeCommandPalette = (): void => usePaletteStore.setState({ open: false });
