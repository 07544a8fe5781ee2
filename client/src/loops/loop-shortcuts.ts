import { useEffect } from 'react';
import type { MapSession } from '../map/map-session';
import { isMapKeyTarget } from '../map/shortcuts';
import { focusLoopsPanel } from './LoopsPanel';

/**
 * Loop keys, for viewers as well as editors: O opens and closes the loops panel, [ and ] step
 * to the previous and next loop, Esc lets go of the selected loop.
 */
export function useLoopShortcuts(session: MapSession, active = true): void {
  useEffect(() => {
    if (!active) return undefined;
    const { loops, store } = session;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || !isMapKeyTarget(event.target)) return;
      // Ctrl+Alt is AltGr on some keyboards, which is how they type [ and ].
      if (event.metaKey || (event.ctrlKey && !event.altKey)) return;
      if (event.key === 'o' || event.key === 'O') {
        if (event.altKey) return;
        event.preventDefault();
        const opening = !store.getState().loopsPanelOpen;
        loops.togglePanel();
        if (opening) focusLoopsPanel();
      } else if (event.key === '[' || event.key === ']') {
        event.preventDefault();
        loops.stepLoop(event.key === ']' ? 1 : -1);
      } else if (event.key === 'Escape' && store.getState().selectedLoopKey !== null) {
        loops.selectLoop(null);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session, active]);
}
