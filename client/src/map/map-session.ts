import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { type StoreApi, createStore } from 'zustand/vanilla';
import type { StatementBox } from '@causal-map/shared/geometry/box';
import type { Route } from '@causal-map/shared/geometry/route';
import { mapParts } from '@causal-map/shared/schema';
import { watchBrokenLoops } from '../loops/broken-notices';
import { watchFlags } from '../loops/flag-notices';
import { type DiscussionActions, createDiscussionActions } from '../discussion/discussion-actions';
import { watchMentions } from '../discussion/mention-notices';
import { type FacilitationActions, createFacilitationActions } from '../facilitation/facilitation-actions';
import { type LoopActions, createLoopActions } from '../loops/loop-actions';
import { watchLoops } from '../loops/loop-analysis';
import { withAnalysis } from '../loops/loop-state';
import type { Identity } from '../user/identity';
import { watchConnection } from './connection';
import { type MapConnection, connectMap } from './map-connection';
import { type MapActions, createMapActions } from './map-actions';
import { createDocReader } from './doc-reader';
import { type MapState, type Point, type Role, initialMapState } from './map-state';
import { LOCAL } from './origins';
import { followOwnNumbers } from './own-numbers';
import { ROUTE_WORKER_FROM } from './route-channel';
import { prepareRouteWorker, releaseRouteWorker, warmRouteWorker } from './route-worker-start';
import { type PresenceState, readPeers } from './presence';
import { watchReceipts } from './receipts';

/** Everything one open map needs; made when the map page opens, destroyed when it closes. */
export interface MapSession {
  mapId: string;
  role: Role;
  doc: Y.Doc;
  /** Null for a replay, which shows a copy of the map made from its journal, never connected. */
  provider: WebsocketProvider | null;
  /** The token in use, revocations and reconnects; null for a replay. */
  connection: MapConnection | null;
  awareness: Awareness;
  undoManager: Y.UndoManager;
  store: StoreApi<MapState>;
  actions: MapActions;
  loops: LoopActions;
  discussion: DiscussionActions;
  facilitation: FacilitationActions;
  /** What the canvas drew last: layouts and new statements measure the map with it. */
  canvas: CanvasGeometry;
  destroy: () => void;
}

/** The map as the canvas last drew it; written by the canvas, read by commands. */
export interface CanvasGeometry {
  boxes: readonly StatementBox[];
  routes: ReadonlyMap<string, Route>;
  /** Where the pointer last was over the canvas, in map coordinates; null once it left. */
  pointer: Point | null;
}

export interface SessionOptions {
  mapId: string;
  token: string;
  role: Role;
  identity: Identity;
}

declare global {
  interface Window {
    /** Only in development or with localStorage 'causal-map:debug' = '1', for e2e checks. */
    __causalMap?: { doc: Y.Doc };
  }
}

function debugEnabled(): boolean {
  try {
    return import.meta.env.DEV || window.localStorage.getItem('causal-map:debug') === '1';
  } catch {
    return import.meta.env.DEV;
  }
}

/**
 * The binding between one map's Y.Doc and React: the document becomes plain state in a
 * zustand store (once per burst of updates, re-reading only what the updates touched), and user actions become shared
 * operations with the LOCAL origin. Presence goes to awareness, never into the document.
 * The loops are found again after each change that can touch them, and flags the server
 * raises while the map is open become notices.
 */
export function createMapSession({ mapId, token, role, identity }: SessionOptions): MapSession {
  const doc = new Y.Doc();
  const { statements, links, loopNotes } = mapParts(doc);
  const store = createStore<MapState>(() => initialMapState());
  // `order` stays out of scope: it is append-only, so an undone statement keeps its number.
  const undoManager = new Y.UndoManager([statements, links, loopNotes], { trackedOrigins: new Set([LOCAL]) });
  // Before the map arrives: whether it is large enough to need the route worker is known only
  // then, and the worker would start slowly while the page draws it.
  prepareRouteWorker();
  const connection = connectMap({ doc, mapId, token, onStop: (stop) => store.setState({ stop }) });
  const { provider } = connection;
  const awareness = provider.awareness;
  awareness.setLocalState({ user: identity, cursor: null, selection: [] } satisfies PresenceState);
  // Keeps an editor's unsent changes across a reload while offline; a viewer has none to keep.
  const saved = role === 'edit' ? new IndexeddbPersistence(`causal-map:${mapId}`, doc) : null;

  // Each transaction notes what it touched; a refresh re-reads only that.
  const reader = createDocReader(doc);
  doc.on('afterTransaction', reader.note);
  const receipts = watchReceipts(provider);
  const ownNumbers = followOwnNumbers();
  let refreshQueued = false;
  const refresh = () => {
    refreshQueued = false;
    store.setState((state) => reader.derive(state));
    const renumbered = ownNumbers.check(store.getState().numbers);
    if (renumbered) actions.showToast(renumbered);
  };
  const onStatementAdded = (id: string) => {
    ownNumbers.add(id);
    store.setState((state) => ({ unconfirmed: new Set(state.unconfirmed).add(id) }));
    receipts.request(() =>
      store.setState((state) => {
        const unconfirmed = new Set(state.unconfirmed);
        unconfirmed.delete(id);
        return { unconfirmed };
      }),
    );
  };
  const onDocUpdate = () => {
    if (refreshQueued) return;
    refreshQueued = true;
    queueMicrotask(refresh);
  };
  // The document is read at once here, so `hasSynced` never shows before the map it brought.
  const markSynced = (synced: boolean) => {
    if (synced && !store.getState().hasSynced) {
      // The route worker started with the session is kept, and warmed up, only for a large map.
      if (links.size < ROUTE_WORKER_FROM) releaseRouteWorker();
      else warmRouteWorker();
      store.setState((state) => ({ ...reader.derive(state), hasSynced: true }));
    }
  };
  const flagWatch = watchFlags(doc, store);
  /** Statements and links this person deleted: the loops they break are told to them apart. */
  const deletedHere = new Set<string>();
  const brokenWatch = watchBrokenLoops(doc, store, (id) => deletedHere.has(id));
  const loopWatch = watchLoops(doc, (analysis) => {
    const before = store.getState().loops;
    store.setState((state) => withAnalysis(state, analysis));
    flagWatch.analysed(analysis);
    brokenWatch.analysed(before, analysis);
  });
  let serverSynced = false;
  const onServerSync = (synced: boolean) => {
    if (synced && !serverSynced) {
      flagWatch.serverSynced();
      brokenWatch.serverSynced();
      // The first analysis of the map as it arrived tells the flags that are old news.
      loopWatch.refresh();
    }
    serverSynced ||= synced;
    if (synced && store.getState().failedConnections > 0) store.setState({ failedConnections: 0 });
    markSynced(synced);
  };
  // Read before the provider forgets it: did the connection that just closed ever sync?
  const onClose = () => {
    if (!provider.synced) store.setState((state) => ({ failedConnections: state.failedConnections + 1 }));
  };
  const onPresence = () => store.setState({ peers: readPeers(awareness, role) });
  const onUndoStack = () =>
    store.setState({ canUndo: undoManager.canUndo(), canRedo: undoManager.canRedo() });
  // Others should see this person leave at once, not after the 30 s awareness timeout; a page
  // restored from the back/forward cache comes back with the same presence.
  let hiddenPresence: ReturnType<Awareness['getLocalState']> = null;
  const onPageHide = () => {
    hiddenPresence = awareness.getLocalState();
    awareness.setLocalState(null);
  };
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted && hiddenPresence) awareness.setLocalState(hiddenPresence);
  };

  doc.on('update', onDocUpdate);
  provider.on('sync', onServerSync);
  provider.on('connection-close', onClose);
  // A local copy counts as arrived only if it holds something; else wait for the server.
  saved?.on('synced', () => markSynced(statements.size > 0));
  awareness.on('change', onPresence);
  undoManager.on('stack-item-added', onUndoStack);
  undoManager.on('stack-item-popped', onUndoStack);
  undoManager.on('stack-cleared', onUndoStack);
  window.addEventListener('pagehide', onPageHide);
  window.addEventListener('pageshow', onPageShow);
  const stopWatching = watchConnection(provider, connection.sockets.retryNow, (status) => {
    if (store.getState().connection !== status) store.setState({ connection: status });
  });
  const actions = createMapActions({ role, doc, store, undoManager, awareness, identity, onStatementAdded,
    onDeleted: (ids) => ids.forEach((id) => deletedHere.add(id)),
  });
  onPresence();
  refresh();

  const loops = createLoopActions({ canEdit: role === 'edit', doc, store, undoManager });
  const ownName = () => (awareness.getLocalState() as PresenceState | null)?.user?.name ?? identity.name;
  const discussion = createDiscussionActions({
    canEdit: role === 'edit',
    doc,
    store,
    name: ownName,
  });
  const facilitation = createFacilitationActions({ canEdit: role === 'edit', doc, store, awareness, actions, name: ownName });
  const stopMentions = watchMentions(store, ownName, (message) => actions.showToast(message));
  // One side panel at a time: opening the loops closes the discussion.
  const stopPanels = store.subscribe((state, before) => {
    if (state.loopsPanelOpen && !before.loopsPanelOpen && state.discussionOpen) store.setState({ discussionOpen: false });
  });
  if (debugEnabled()) window.__causalMap = { doc };

  const destroy = () => {
    releaseRouteWorker();
    stopPanels();
    stopMentions();
    facilitation.dispose();
    actions.dispose();
    receipts.stop();
    loopWatch.stop();
    flagWatch.dispose();
    stopWatching();
    window.removeEventListener('pagehide', onPageHide);
    window.removeEventListener('pageshow', onPageShow);
    doc.off('update', onDocUpdate);
    doc.off('afterTransaction', reader.note);
    awareness.off('change', onPresence);
    awareness.setLocalState(null);
    provider.destroy();
    void saved?.destroy();
    undoManager.destroy();
    doc.destroy();
    if (window.__causalMap?.doc === doc) delete window.__causalMap;
  };

  const canvas: CanvasGeometry = { boxes: [], routes: new Map(), pointer: null };
  return { mapId, role, doc, provider, connection, awareness, undoManager, store, actions, loops, discussion, facilitation, canvas, destroy };
}
