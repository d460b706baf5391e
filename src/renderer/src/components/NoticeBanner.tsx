import { useAppStore } from '../store/app-store';

export function NoticeBanner() {
  const notice = useAppStore((s) => s.notice);
  const showNotice = useAppStore((s) => s.showNotice);
  if (!notice) return null;
  return (
    <div className={`notice notice--${notice.kind}`} role="alert" data-testid="notice">
      <span data-testid="notice-text">{notice.text}</span>
      <button data-testid="notice-dismiss" onClick={() => showNotice(null)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
