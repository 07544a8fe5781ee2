import { useState } from 'react';
import { useMapState, useSession } from './session-context';

/**
 * Short messages over the canvas: why a link was refused, and vicious loops the server
 * flagged (SPEC §5), until the person dismisses them or the loop is broken.
 */
export function Notices() {
  const { actions } = useSession();
  const toast = useMapState((state) => state.toast);
  const flags = useMapState((state) => state.flags);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = flags.filter((flag) => !dismissed.has(flag.key));
  return (
    <div className="notices">
      {shown.map((flag) => {
        const loop = [...flag.numbers, flag.numbers[0]].join(' → ');
        return (
          <div key={flag.key} className="notice notice-loop" role="alert">
            <span>Vicious loop closed: {loop}</span>
            <button
              type="button"
              className="quiet"
              aria-label={`Dismiss the notice about loop ${loop}`}
              onClick={() => setDismissed((old) => new Set(old).add(flag.key))}
            >
              Dismiss
            </button>
          </div>
        );
      })}
      <div className={toast ? 'notice toast' : 'toast-empty'}>
        <span role="status">{toast?.message ?? ''}</span>
        {toast && (
          <button type="button" className="quiet" aria-label="Dismiss message" onClick={() => actions.dismissToast()}>
            ×
          </button>
        )}
      </div>
    </div>
  );
}
