import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { StoreApi } from 'zustand/vanilla';
import { endGathering, setSpotlight, startGathering } from '@causal-map/shared/facilitation';
import { newId } from '@causal-map/shared/ids';
import type { MapActions } from '../map/map-actions';
import type { MapState } from '../map/map-state';
import { TALK } from '../map/origins';
import type { Viewport } from '../map/presence';

const VIEWPORT_INTERVAL_MS = 150;
const ACTIVE_INTERVAL_MS = 30_000;
const SUMMON_MS = 5_000;

export interface FacilitationActions {
  /** Follows someone's view (pan and zoom), or (null) stops. */
  follow: (clientId: number | null) => void;
  /** Asks everyone's view to jump to this one (this person's); the call stands for a few seconds. */
  summon: (viewport: Viewport) => void;
  /** Puts a statement, link or loop in focus for everyone, or (null) ends the spotlight. */
  spotlight: (on: string | null) => void;
  startGathering: (minutes: number) => void;
  endGathering: () => void;
  /** Selects every live statement and link someone added. */
  selectAddedBy: (name: string) => void;
  /** Tells the others where this person looks (a few times a second at most). */
  shareViewport: (viewport: Viewport) => void;
  /** This person used the map: they are not idle (sent at most every 30 s). */
  markActive: () => void;
  dispose: () => void;
}

interface FacilitationContext {
  canEdit: boolean;
  doc: Y.Doc;
  store: StoreApi<MapState>;
  awareness: Awareness;
  actions: MapActions;
  name: () => string;
}

export function createFacilitationActions({ canEdit, doc, store, awareness, actions, name }: FacilitationContext): FacilitationActions {
  let viewportTimer: ReturnType<typeof setTimeout> | undefined;
  let pendingViewport: Viewport | null = null;
  let lastActive = 0;
  let summonTimer: ReturnType<typeof setTimeout> | undefined;
  const sendViewport = () => {
    viewportTimer = undefined;
    if (pendingViewport) awareness.setLocalStateField('viewport', pendingViewport);
    pendingViewport = null;
  };
  return {
    follow(clientId) {
      store.setState({ following: clientId });
      awareness.setLocalStateField('following', clientId);
    },
    summon(viewport) {
      if (!canEdit) return;
      const id = newId(10);
      awareness.setLocalStateField('summon', { id, viewport });
      clearTimeout(summonTimer);
      // Long enough for everyone's screen to see it; not so long that people joining later jump.
      summonTimer = setTimeout(() => awareness.setLocalStateField('summon', null), SUMMON_MS);
    },
    spotlight(on) {
      if (canEdit) setSpotlight(doc, on, { name: name() }, TALK);
    },
    startGathering(minutes) {
      if (canEdit) startGathering(doc, minutes, { name: name() }, TALK);
    },
    endGathering() {
      if (canEdit) endGathering(doc, TALK);
    },
    selectAddedBy(person) {
      const { statements, links } = store.getState();
      actions.setSelection({
        statementIds: statements.filter((s) => s.createdBy === person).map((s) => s.id),
        linkIds: links.filter((l) => l.createdBy === person).map((l) => l.id),
      });
    },
    shareViewport(viewport) {
      pendingViewport = viewport;
      viewportTimer ??= setTimeout(sendViewport, VIEWPORT_INTERVAL_MS);
    },
    markActive() {
      const now = Date.now();
      if (now - lastActive < ACTIVE_INTERVAL_MS) return;
      lastActive = now;
      awareness.setLocalStateField('active', now);
    },
    dispose() {
      clearTimeout(viewportTimer);
      clearTimeout(summonTimer);
    },
  };
}
