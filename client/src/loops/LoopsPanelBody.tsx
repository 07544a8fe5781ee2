import type { KeyboardEvent } from 'react';
import { useSession } from '../map/session-context';
import { isTyping } from '../map/shortcuts';
import { SidePanel, focusCanvas } from '../map/SidePanel';
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
  focusCanvas();
}

/** The side panel listing the map's loops, with the team's notes on the selected one. */
export default function LoopsPanelBody() {
  const { loops } = useSession();
  return (
    <SidePanel
      id={LOOPS_PANEL_ID}
      label="Loops"
      testId="loops-panel"
      closeLabel="Hide panel"
      closeTitle="Hide the loops (O)"
      onClose={() => loops.setPanelOpen(false)}
      onKeyDown={(event) => escapeToCanvas(event, loops)}
    >
      <LoopCounts />
      <div className="loops-panel-body">
        <LoopList />
      </div>
      <LoopNotes />
      <p className="note loop-keys">
        <kbd>[</kbd> <kbd>]</kbd> previous and next loop · <kbd>Esc</kbd> show the whole map
      </p>
    </SidePanel>
  );
}
