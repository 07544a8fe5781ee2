import { useCallback } from 'react';
import type { Loop } from '@causal-map/shared/analysis/types';
import { mapParts } from '@causal-map/shared/schema';
import { loopsBrokenBy } from '../loops/broken-loops';
import { useSession } from './session-context';

/**
 * Deletes the selection, unless that breaks a loop the team titled, annotated or that the
 * server flagged: then `onAsk` gets those loops, to ask first.
 */
export function useDeleteSelection(onAsk: (loops: Loop[]) => void): () => void {
  const session = useSession();
  return useCallback(() => {
    const { loops, selection } = session.store.getState();
    const flagged = new Set(mapParts(session.doc).flags.keys());
    const broken = loopsBrokenBy(loops, flagged, selection.statementIds, selection.linkIds);
    if (broken.length > 0) onAsk(broken);
    else session.actions.deleteSelected();
  }, [session, onAsk]);
}
