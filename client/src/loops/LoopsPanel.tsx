import { Suspense, lazy } from 'react';
import { useLoadWhenIdle, whenShown } from '../app/load-when-idle';
import { useMapState, useSession } from '../map/session-context';
import { SidePanelLoading } from '../map/SidePanel';
import { NUMBER } from './numbers';

export const LOOPS_PANEL_ID = 'loops-panel';

/** Puts keyboard focus in the panel: on the list of loops, or the panel itself when it has none. */
export function focusLoopsPanel(): void {
  whenShown(LOOPS_PANEL_ID, (panel) => (panel.querySelector<HTMLElement>('[role="listbox"]') ?? panel).focus());
}

// The panel's code loads after the map is drawn (it starts closed), and ahead of need.
const loadBody = () => import('./LoopsPanelBody');
const Body = lazy(loadBody);

/** The side panel listing the map's loops, while it is open. */
export function LoopsPanel() {
  const open = useMapState((state) => state.loopsPanelOpen);
  useLoadWhenIdle(loadBody);
  if (!open) return null;
  return (
    <Suspense fallback={<SidePanelLoading label="Loops" />}>
      <Body />
    </Suspense>
  );
}

/** The header button that opens and closes the panel; it names its shortcut. */
export function LoopsToggle() {
  const { loops } = useSession();
  const open = useMapState((state) => state.loopsPanelOpen);
  const total = useMapState((state) => state.loops.length);
  const vicious = useMapState((state) => state.counts.vicious);
  const more = useMapState((state) => (state.truncated ? '+' : ''));
  const summary =
    total === 0 ? 'no loops yet' : `${NUMBER.format(total)}${more} loops${vicious > 0 ? `, ${NUMBER.format(vicious)}${more} vicious` : ''}`;
  return (
    <button
      type="button"
      className="loops-toggle"
      aria-expanded={open}
      aria-controls={open ? LOOPS_PANEL_ID : undefined}
      aria-keyshortcuts="O"
      title={`${open ? 'Hide' : 'Show'} the loops: ${summary} (O)`}
      onClick={() => loops.togglePanel()}
    >
      Loops
      {total > 0 && (
        <span className="loops-toggle-count" aria-hidden="true">
          {NUMBER.format(total)}
          {more}
        </span>
      )}
      {vicious > 0 && (
        <span className="loops-toggle-count has-vicious" aria-hidden="true">
          ⚠ {NUMBER.format(vicious)}
          {more}
        </span>
      )}
    </button>
  );
}
