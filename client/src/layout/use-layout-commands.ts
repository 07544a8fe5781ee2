import { useCallback, useMemo } from 'react';
import { useSession } from '../map/session-context';
import type { LayoutDirection } from './run-layout';

export type { LayoutDirection };

export interface LayoutCommands {
  tidyUp: (direction: LayoutDirection) => void;
  /** The selected loop, or every vicious loop when none is selected, on a circle. */
  arrangeLoop: () => void;
}

// The layouts and ELK load on the first request: the map's first paint does not wait for them.
const layouts = () => import('./run-layout');

/** Tidy up and Arrange loop: computed in ELK's worker, written as one change (one undo). */
export function useLayoutCommands(): LayoutCommands {
  const session = useSession();
  const tidyUp = useCallback(
    (direction: LayoutDirection) => void layouts().then((run) => run.tidyUp(session, direction)),
    [session],
  );
  const arrangeLoop = useCallback(() => void layouts().then((run) => run.arrangeLoop(session)), [session]);
  return useMemo(() => ({ tidyUp, arrangeLoop }), [tidyUp, arrangeLoop]);
}
