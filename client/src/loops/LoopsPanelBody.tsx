import type { KeyboardEvent } from 'react';
import { useSession } from '../map/session-context';
import { isTyping } from '../map/shortcuts';
import type { LoopActions } from './loop-actions';
import { LoopCounts } from './LoopCounts';
import { LoopList } from './LoopList';
import { LoopNotes } from './LoopNotes';
import { LOOPS_PANEL_ID } from './LoopsPanel';

/** Esc in the panel shows the whole map again and goes back to it, where the map's keys act. */
function escapeToCanvas(event: KeyboardEvent<HTMLElement>, loops: LoopActions): void {
  if (event.key !== 'Escape' || event.defaultPrevented || isTyping(event.target)) return;
  event.preventDefault();
  loops.selectLoop(null);
  document.querySelector<HTMLElement>('.map-canvas')?.focus();
}

/** The side panel listing the map's loops, with the team's notes on the selected one. */
export default function LoopsPanelBody() {
  const { loops } = useSession();
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
