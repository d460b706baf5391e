/** Which workspace the window shows: the network editor, the Filter Lab, or the lessons. */
import { create } from 'zustand';

export type View = 'editor' | 'lab' | 'lessons';

export const useUiStore = create<{ view: View; lesson: number; setView(view: View): void; openLesson(n: number): void }>()((set) => ({
  view: 'editor',
  lesson: 1,
  setView: (view) => set({ view }),
  openLesson: (lesson) => set({ view: 'lessons', lesson }),
}));
