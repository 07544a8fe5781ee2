import { LoopNoticeCard } from '../loops/LoopNoticeCard';
import { useMapState, useSession } from './session-context';

/**
 * Short messages over the canvas: why a link was refused, and vicious loops the server
 * flagged (SPEC §5) while this person had the map open.
 */
export function Notices() {
  const { actions } = useSession();
  const toast = useMapState((state) => state.toast);
  const loopNotices = useMapState((state) => state.loopNotices);
  return (
    <div className="notices">
      {loopNotices.map((notice) => (
        <LoopNoticeCard key={notice.id} notice={notice} />
      ))}
      <div className={toast ? 'notice toast' : 'toast-empty'}>
        <span role="status">{toast?.message ?? ''}</span>
        {toast?.action && (
          <button
            type="button"
            onClick={() => {
              toast.action?.run();
              actions.dismissToast();
            }}
          >
            {toast.action.label}
          </button>
        )}
        {toast && (
          <button type="button" className="quiet" aria-label="Dismiss message" onClick={() => actions.dismissToast()}>
            ×
          </button>
        )}
      </div>
    </div>
  );
}
