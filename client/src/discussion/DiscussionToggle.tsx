import { Suspense, lazy } from 'react';
import { useLoadWhenIdle, whenShown } from '../app/load-when-idle';
import { useMapState, useSession } from '../map/session-context';
import { SidePanelLoading } from '../map/SidePanel';

export const DISCUSSION_PANEL_ID = 'discussion-panel';

// The panel's code loads after the map is drawn (it starts closed), and ahead of need.
const loadPanel = () => import('./DiscussionPanel');
const Panel = lazy(loadPanel);

/** The discussion panel, while it is open. */
export function DiscussionPanel() {
  const open = useMapState((state) => state.discussionOpen);
  useLoadWhenIdle(loadPanel);
  if (!open) return null;
  return (
    <Suspense fallback={<SidePanelLoading label="Discussion" className="discussion-panel" />}>
      <Panel />
    </Suspense>
  );
}

/** Puts focus in the open panel: its writing box, or the panel; waits while its code loads. */
export function focusDiscussion(): void {
  whenShown(DISCUSSION_PANEL_ID, (panel) => (panel.querySelector<HTMLElement>('textarea') ?? panel).focus());
}

/** The header button for the panel, with the number of open threads. */
export function DiscussionToggle() {
  const { discussion } = useSession();
  const open = useMapState((state) => state.discussionOpen);
  // Re-read when the threads change, not on every cursor move.
  const openCounts = useMapState((state) => state.openCounts);
  let count = 0;
  for (const threads of openCounts.values()) count += threads;
  return (
    <button
      type="button"
      className="loops-toggle"
      aria-expanded={open}
      aria-controls={open ? DISCUSSION_PANEL_ID : undefined}
      aria-keyshortcuts="C"
      title={`${open ? 'Hide' : 'Show'} the discussion: ${count === 0 ? 'no open threads' : `${count} open`} (C)`}
      onClick={() => discussion.toggle()}
    >
      Discussion
      {count > 0 && (
        <span className="loops-toggle-count" aria-hidden="true" data-testid="open-threads">
          {count}
        </span>
      )}
    </button>
  );
}
