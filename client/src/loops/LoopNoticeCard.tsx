import { useEffect, useState } from 'react';
import { useSession } from '../map/session-context';
import type { LoopNotice } from './loop-state';
import { focusLoopsPanel } from './LoopsPanel';

/** How long a notice stays on its own; not while the person is pointing at it or in it. */
export const LOOP_NOTICE_MS = 15_000;

/** A vicious loop someone just closed, with a way to see it on the map. */
export function LoopNoticeCard({ notice }: { notice: LoopNotice }) {
  const { loops } = useSession();
  const [held, setHeld] = useState({ pointer: false, focus: false });
  const paused = held.pointer || held.focus;

  useEffect(() => {
    if (paused) return undefined;
    const timer = setTimeout(() => loops.dismissNotice(notice.id), LOOP_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [paused, loops, notice.id]);

  const show = () => {
    loops.dismissNotice(notice.id);
    if (notice.kind === 'broken') {
      loops.showPlace(notice.statementIds);
      return;
    }
    loops.showLoop(notice.key);
    // The notice and its button go away: keyboard focus goes on to the list, at the loop.
    focusLoopsPanel();
  };

  return (
    <div
      className={`notice notice-loop notice-${notice.kind}`}
      role="alert"
      data-testid={notice.kind === 'broken' ? 'broken-loop-notice' : 'loop-notice'}
      data-loop-key={notice.key}
      onPointerEnter={() => setHeld((old) => ({ ...old, pointer: true }))}
      onPointerLeave={() => setHeld((old) => ({ ...old, pointer: false }))}
      onFocus={() => setHeld((old) => ({ ...old, focus: true }))}
      onBlur={() => setHeld((old) => ({ ...old, focus: false }))}
    >
      <span className="notice-icon" aria-hidden="true">
        {notice.kind === 'broken' ? '✂' : '⚠'}
      </span>
      <span className="notice-text">{notice.message}</span>
      <button type="button" onClick={show}>
        {notice.kind === 'broken' ? 'Show' : 'Show loop'}
      </button>
      <button type="button" className="quiet" onClick={() => loops.dismissNotice(notice.id)}>
        Dismiss
      </button>
    </div>
  );
}
