import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { parseTarget } from '@causal-map/shared/comments';
import type { MapSession } from '../map/map-session';
import { useMapState, useSession } from '../map/session-context';
import { SidePanel, focusCanvas } from '../map/SidePanel';
import { CommentBox } from './CommentBox';
import { LinkMarks } from './LinkMarks';
import { targetIsLive, targetWords } from './target-words';
import { DISCUSSION_PANEL_ID } from './DiscussionToggle';
import { ThreadView } from './ThreadView';

/** Moves the map to what a thread is about and selects it. */
export function showTarget(session: MapSession, on: string): void {
  const target = parseTarget(on);
  if (!target) return;
  const { actions, loops, store } = session;
  if (target.kind === 'statement') {
    actions.setSelection({ statementIds: [target.id], linkIds: [] });
    loops.showPlace([target.id]);
  } else if (target.kind === 'link') {
    const link = store.getState().links.find((l) => l.id === target.id);
    actions.selectLink(target.id);
    if (link) loops.showPlace([link.from, link.to]);
  } else {
    // Selecting a loop moves the view to it; the discussion stays open beside it.
    loops.selectLoop(target.id);
  }
}

/** The threads on one statement, link or loop, with a box for a new one (and marks on a link). */
function OnTarget({ on }: { on: string }) {
  const session = useSession();
  const words = useMapState((state) => targetWords(on, state));
  const threads = useMapState((state) => state.threads).filter((thread) => thread.on === on);
  const target = parseTarget(on);
  return (
    <>
      <h3 className="discussion-about">{words}</h3>
      {target?.kind === 'link' && <LinkMarks linkId={target.id} />}
      {threads.length === 0 && <p className="note">No comments here yet.</p>}
      {threads.map((thread) => (
        <ThreadView key={thread.root.id} thread={thread} />
      ))}
      {session.role === 'edit' && <CommentBox label="Start a thread here" button="Comment" onSend={(text) => session.discussion.comment(on, text)} />}
      <button type="button" className="quiet" onClick={() => session.discussion.open(null)}>
        Every open thread
      </button>
    </>
  );
}

/** Every open thread on the map, newest first; resolved ones on request. */
function AllThreads() {
  const session = useSession();
  const [showResolved, setShowResolved] = useState(false);
  const state = useMapState(useShallow((s) => ({ threads: s.threads, statements: s.statements, links: s.links, numbers: s.numbers, loops: s.loops })));
  const threads = state.threads.filter((thread) => (showResolved || !thread.resolved) && targetIsLive(thread.on, state));
  return (
    <>
      <label className="check-row">
        <input type="checkbox" checked={showResolved} onChange={(event) => setShowResolved(event.target.checked)} /> Show resolved threads
      </label>
      {threads.length === 0 && (
        <p className="note">
          No open threads. Select a statement or link and press <kbd>C</kbd> to start one.
        </p>
      )}
      {threads.map((thread) => (
        <ThreadView
          key={thread.root.id}
          thread={thread}
          about={{ words: targetWords(thread.on, state), onShow: () => showTarget(session, thread.on) }}
        />
      ))}
    </>
  );
}

/** The side panel for talking about the map: threads on anything, and marks on links. */
export default function DiscussionPanel() {
  const { discussion } = useSession();
  const open = useMapState((state) => state.discussionOpen);
  const on = useMapState((state) => state.discussionOn);
  if (!open) return null;
  return (
    <SidePanel
      id={DISCUSSION_PANEL_ID}
      label="Discussion"
      testId="discussion-panel"
      className="discussion-panel"
      closeLabel="Hide discussion"
      closeTitle="Hide the discussion (C)"
      onClose={() => discussion.close()}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          discussion.close();
          focusCanvas();
        }
      }}
    >
      <div className="loops-panel-body discussion-body">{on ? <OnTarget on={on} /> : <AllThreads />}</div>
    </SidePanel>
  );
}
