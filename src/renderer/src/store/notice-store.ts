/** The one notice under the toolbar (an error or a piece of information, with an optional action). */
import { create } from 'zustand';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
  /** One button beside the text (e.g. "Bring it back"). */
  action?: { label: string; testId: string; run(): void };
}

interface NoticeState {
  notice: Notice | null;
  showNotice(notice: Notice | null): void;
}

export const useNoticeStore = create<NoticeState>()((set) => ({
  notice: null,
  showNotice: (notice) => set({ notice }),
}));

/** Shows (or, with null, dismisses) the notice; for code outside React. */
export function showNotice(notice: Notice | null): void {
  useNoticeStore.getState().showNotice(notice);
}
