import { useNoticeStore } from '../store/notice-store';
import { formatSnapshotTime, useProjectStore } from '../store/project-store';
import { isTrainingActive } from '../store/training-reducer';
import { useTrainingStore } from '../store/training-store';

/** Offers back the autosaved work found at start-up ("recovered" is said only once it is restored). */
export function RecoveryBanner() {
  const recovery = useProjectStore((s) => s.recovery);
  const restore = useProjectStore((s) => s.restoreRecovery);
  const discard = useProjectStore((s) => s.discardRecovery);
  if (!recovery) return null;
  return (
    <div className="notice notice--info" role="alert" data-testid="recovery-banner">
      <span>
        Unsaved work on “{recovery.fileName}”, autosaved {formatSnapshotTime(recovery.savedAt)}, can be restored.
      </span>
      <button data-testid="recovery-restore" onClick={restore}>
        Restore
      </button>
      <button data-testid="recovery-discard" onClick={() => void discard()}>
        Discard
      </button>
    </div>
  );
}

export function NoticeBanner() {
  const notice = useNoticeStore((s) => s.notice);
  const showNotice = useNoticeStore((s) => s.showNotice);
  if (!notice) return null;
  return (
    <div className={`notice notice--${notice.kind}`} role="alert" data-testid="notice">
      <span data-testid="notice-text">{notice.text}</span>
      {notice.action && (
        <button className="notice__action" data-testid={notice.action.testId} onClick={notice.action.run}>
          {notice.action.label}
        </button>
      )}
      <button data-testid="notice-dismiss" onClick={() => showNotice(null)} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}

/** While a run trains, the network is locked (positions and layout may still change). */
export function TrainingLockBanner() {
  const active = useTrainingStore((s) => isTrainingActive(s.training));
  const stop = useTrainingStore((s) => s.stopTraining);
  if (!active) return null;
  return (
    <div className="notice notice--info" data-testid="training-lock-banner">
      <span>Training in progress: the network is locked. Stop the run to edit it.</span>
      <button onClick={() => void stop()}>Stop</button>
    </div>
  );
}
