import { Suspense, lazy } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { MenuItem } from '../map/Menu';
import { selectedTarget } from '../discussion/discussion-shortcuts';
import { useMapState, useSession } from '../map/session-context';
import { useMenuButton } from '../map/use-menu-button';

const Menu = lazy(() => import('../map/Menu'));

export const GATHERING_MINUTES = 5;

/** A facilitator's tools, for anyone with the edit link: bring everyone here, spotlight, gathering round. */
export function FacilitateMenu() {
  const session = useSession();
  const { facilitation } = session;
  const { getViewport } = useReactFlow();
  const spotlight = useMapState((state) => state.spotlight);
  const gathering = useMapState((state) => state.gathering);
  const hasSelection = useMapState((state) => state.selection.statementIds.length + state.selection.linkIds.length === 1 || state.selectedLoopKey !== null);
  const { open, opener, close, toggle } = useMenuButton();
  const items: MenuItem[] = [
    { label: 'Bring everyone here', title: "Everyone's view jumps to yours; each person may go back", onSelect: () => facilitation.summon(getViewport()) },
    {
      label: 'Spotlight the selection',
      title: 'One statement, link or loop in focus for everyone; the rest dims',
      disabled: !hasSelection,
      onSelect: () => {
        const on = selectedTarget(session);
        if (on) facilitation.spotlight(on);
      },
    },
    ...(spotlight ? [{ label: 'End the spotlight', onSelect: () => facilitation.spotlight(null) }] : []),
    gathering && gathering.endsAt > Date.now()
      ? { label: 'End the gathering round', onSelect: () => facilitation.endGathering() }
      : {
          label: `Gathering round (${GATHERING_MINUTES} minutes)`,
          title: 'Everyone adds statements without names shown, so every idea weighs the same',
          onSelect: () => facilitation.startGathering(GATHERING_MINUTES),
        },
  ];
  return (
    <div className="menu-anchor facilitate-menu">
      <button
        ref={opener}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? 'facilitate-menu' : undefined}
        title="Run the case conference: bring everyone here, spotlight, gathering round"
        onClick={toggle}
      >
        Facilitate <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <Suspense fallback={null}>
          <Menu id="facilitate-menu" label="Facilitate" opener={opener} onClose={close} items={items} className="menu-right" />
        </Suspense>
      )}
    </div>
  );
}
