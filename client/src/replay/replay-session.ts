import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { createStore } from 'zustand/vanilla';
import { loopChain } from '@causal-map/shared/loop';
import type { HistoryEvent, JournalRecord } from '@causal-map/shared/history';
import { createDiscussionActions } from '../discussion/discussion-actions';
import { createFacilitationActions } from '../facilitation/facilitation-actions';
import { createLoopActions } from '../loops/loop-actions';
import { watchLoops } from '../loops/loop-analysis';
import { withAnalysis } from '../loops/loop-state';
import { createMapActions } from '../map/map-actions';
import type { MapSession } from '../map/map-session';
import { deriveFromDoc } from '../map/doc-reader';
import { type MapState, initialMapState } from '../map/map-state';

/** A replay: a view-only session on a copy of the map rebuilt from its journal. */
export interface ReplaySession extends MapSession {
  /** Shows the map as it was right after journal entry `entry` (-1: before anything). */
  showEntry: (entry: number) => void;
}

/**
 * The map as it was at any point of its journal, for the Replay mode. It is a separate,
 * unconnected Y.Doc: a replay never writes to the shared document and never disturbs the people
 * editing live. Going forward applies the next updates; going back rebuilds from the start.
 */
export function createReplaySession(mapId: string, journal: readonly JournalRecord[]): ReplaySession {
  // Arrived once the first event is shown: the canvas then fits the map into view, as on opening a map.
  const store = createStore<MapState>(() => ({ ...initialMapState(), connection: 'connected' }));
  let doc = new Y.Doc();
  let shown = -1;
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  const undoManager = new Y.UndoManager(doc.getMap('statements'));
  const identity = { name: 'Replay', color: '#475569' };
  const actions = createMapActions({
    role: 'view',
    doc,
    store,
    undoManager,
    awareness,
    identity,
    onStatementAdded: () => undefined,
    onDeleted: () => undefined,
  });
  const loops = createLoopActions({ canEdit: false, doc, store, undoManager });
  const discussion = createDiscussionActions({ canEdit: false, doc, store, name: () => identity.name });
  // The loops follow as on the live map: found on a worker for a large map, so a seek shows the
  // map at once and its loops a moment later.
  const follow = (shownDoc: Y.Doc) => watchLoops(shownDoc, (analysis) => store.setState((state) => withAnalysis(state, analysis)));
  let watch = follow(doc);

  const session: ReplaySession = {
    mapId,
    role: 'view',
    doc,
    provider: null,
    connection: null,
    awareness,
    undoManager,
    store,
    actions,
    loops,
    discussion,
    facilitation: createFacilitationActions({ canEdit: false, doc, store, awareness, actions, name: () => identity.name }),
    canvas: { boxes: [], routes: new Map(), pointer: null },
    showEntry(entry) {
      const target = Math.max(-1, Math.min(journal.length - 1, entry));
      if (target < shown) {
        watch.stop();
        doc.destroy();
        doc = new Y.Doc();
        session.doc = doc;
        shown = -1;
        watch = follow(doc);
      }
      doc.transact(() => {
        for (let i = shown + 1; i <= target; i++) Y.applyUpdate(doc, journal[i]!.update);
      });
      shown = target;
      store.setState((state) => ({ ...deriveFromDoc(doc, state), hasSynced: true }));
    },
    destroy() {
      watch.stop();
      actions.dispose();
      awareness.destroy();
      undoManager.destroy();
      doc.destroy();
    },
  };
  return session;
}

/** What an event says, for the replay bar: "Ana added statement 5: Mrs A feels isolated". */
export function describeEvent(event: HistoryEvent): string {
  const who = event.by || 'Someone';
  const statement = `statement ${event.statement}`;
  const link = `${event.from} → ${event.to}`;
  const text = event.text ? `: ${event.text.length > 80 ? `${event.text.slice(0, 77)}…` : event.text}` : '';
  switch (event.kind) {
    case 'statement-added':
      return `${who} added ${statement}${text}`;
    case 'statement-edited':
      return `${who} edited ${statement}${text}`;
    case 'valence-changed':
      return `${who} marked ${statement} ${event.valence === 'negative' ? 'bad' : event.valence === 'positive' ? 'good' : 'neutral'}`;
    case 'statement-deleted':
      return `${who} deleted ${statement}`;
    case 'statement-restored':
      return `${who} brought back ${statement}`;
    case 'link-added':
      return `${who} linked ${event.from} ${event.polarity === '-' ? 'may not lead to' : 'may lead to'} ${event.to}`;
    case 'polarity-changed':
      return `${who} switched ${link} to “${event.polarity === '-' ? 'may not lead to' : 'may lead to'}”`;
    case 'link-deleted':
      return `${who} deleted the link ${link}`;
    case 'link-restored':
      return `${who} brought back the link ${link}`;
    case 'loop-closed':
      return `A loop closed: ${loopChain({ statements: event.loop ?? [] })}`;
    case 'loop-broken':
      return `A loop was broken: ${loopChain({ statements: event.loop ?? [] })}`;
  }
}
