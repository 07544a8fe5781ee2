import type { KeyboardEvent } from 'react';
import { useMapState, useSession } from '../map/session-context';
import { isTyping } from '../map/shortcuts';
import type { LoopActions } from './loop-actions';
import { LoopCounts, NUMBER } from './LoopCounts';
import { LoopList } from './LoopList';
import { LoopNotes } from './LoopNotes';

export const LOOPS_PANEL_ID = 'loops-panel';

/** Puts keyboard focus in the panel: on the list of loops, or the panel itself when it has none. */
export function focusLoopsPanel(): void {
  requestAnimationFrame(() => {
    const panel = document.getElementById(LOOPS_PANEL_ID);
    (panel?.querySelector<HTMLElement>('[role="listbox"]') ?? panel)?.focus();
  });
}

/** Esc in the panel shows the whole map again and goes back to it, where the map's keys act. */
function escapeToCanvas(event: KeyboardEvent<HTMLElement>, loops: LoopActions): void {
  if (event.key !== 'Escape' || event.defaultPrevented || isTyping(event.target)) return;
  event.preventDefault();
  loops.selectLoop(null);
  document.querySelector<HTMLElement>('.map-canvas')?.focus();
}

/** The side panel listing the map's loops, with the team's notes on the selected one. */
export function LoopsPanel() {
  const { loops } = useSession();
  const open = useMapState((state) => state.loopsPanelOpen);
  if (!open) return null;
  return (
    <section
      id={LOOPS_PANEL_ID}
      className="loops-panel"
      aria-label="Loops"
      data-testid="loops-panel"
      // Focusable, so a click anywhere in the panel takes focus off the canvas and its keys.
      tabIndex={-1}
      onKeyDown={(event) => escapeToCanvas(event, loops)}
    >
      <div className="loops-panel-head">
        <h2>Loops</h2>
        <button type="button" className="quiet" aria-label="Hide panel" title="Hide the loops (O)" onClick={() => loops.setPanelOpen(false)}>
          ×
        </button>
      </div>
      <LoopCounts />
      <div className="loops-panel-body">
        <LoopList />
      </div>
      <LoopNotes />
      <p className="note loop-keys">
        <kbd>[</kbd> <kbd>]</kbd> previous and next loop · <kbd>Esc</kbd> show the whole map
      </p>
    </section>
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
