/** Which workspace the window shows (the network editor, the Filter Lab, the lessons) and the editor's sidebar tab. */
import { create } from 'zustand';
import { hasBeenWelcomed } from '../components/welcome/first-start';

export type View = 'editor' | 'lab' | 'lessons';
export type SidebarTab = 'design' | 'train' | 'inside' | 'code';

interface UiState {
  view: View;
  lesson: number;
  sidebarTab: SidebarTab;
  /** The first-start welcome (shown until closed once; the toolbar's Welcome reopens it). */
  welcomeOpen: boolean;
  setWelcomeOpen(open: boolean): void;
  setView(view: View): void;
  openLesson(n: number): void;
  setSidebarTab(tab: SidebarTab): void;
}

export const useUiStore = create<UiState>()((set) => ({
  view: 'editor',
  lesson: 1,
  sidebarTab: 'design',
  welcomeOpen: !hasBeenWelcomed(),
  setWelcomeOpen: (welcomeOpen) => set({ welcomeOpen }),
  setView: (view) => set({ view }),
  openLesson: (lesson) => set({ view: 'lessons', lesson }),
  setSidebarTab: (sidebarTab) => set({ sidebarTab }),
}));
