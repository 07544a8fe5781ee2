import { useEffect } from 'react';
import { commentTarget } from '@causal-map/shared/comments';
import type { MapSession } from '../map/map-session';
import { isMapKeyTarget } from '../map/shortcuts';
import { focusDiscussion } from './DiscussionToggle';

/** What C opens the discussion on: the one selected statement or link, else the selected loop. */
export function selectedTarget(session: MapSession): string | null {
  const { selection, selectedLoopKey } = session.store.getState();
  if (selection.statementIds.length === 1 && selection.linkIds.length === 0) return commentTarget('statement', selection.statementIds[0]!);
  if (selection.linkIds.length === 1 && selection.statementIds.length === 0) return commentTarget('link', selection.linkIds[0]!);
  return selectedLoopKey ? commentTarget('loop', selectedLoopKey) : null;
}

/**
 * C opens the discussion on what is selected (or on every open thread), and closes it when it
 * already shows that. For viewers too: they read the discussion, they cannot write in it.
 */
export function useDiscussionShortcuts(session: MapSession, active = true): void {
  useEffect(() => {
    if (!active) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || !isMapKeyTarget(event.target)) return;
      if (event.metaKey || event.ctrlKey || event.altKey || (event.key !== 'c' && event.key !== 'C')) return;
      event.preventDefault();
      const { discussionOpen, discussionOn } = session.store.getState();
      const on = selectedTarget(session);
      if (discussionOpen && discussionOn === on) {
        session.discussion.close();
        return;
      }
      session.discussion.open(on);
      focusDiscussion();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session, active]);
}
