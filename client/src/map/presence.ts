import type { Awareness } from 'y-protocols/awareness';
import type { Identity } from '../user/identity';
import type { Peer, Point, Role } from './map-state';

/**
 * The awareness state of SPEC §4, and what this project adds to it (SPEC §7 allows; see
 * docs/contract.md): where this person looks, whom they follow, when they last did something,
 * and a facilitator's call to look where they look.
 */
export interface PresenceState {
  user: Identity;
  cursor: Point | null;
  selection: string[];
  viewport?: Viewport | null;
  /** The client id of the person whose view this person follows. */
  following?: number | null;
  /** When this person last used the map (ms on their clock): idle people fade after 5 minutes. */
  active?: number;
  /** "Bring everyone here", to this view: a new id each time it is asked. */
  summon?: { id: string; viewport: Viewport } | null;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

function readSummon(value: unknown): { id: string; viewport: Viewport } | null {
  if (!isRecord(value) || typeof value.id !== 'string') return null;
  const viewport = readViewport(value.viewport);
  return viewport ? { id: value.id, viewport } : null;
}

function readViewport(value: unknown): Viewport | null {
  if (!isRecord(value)) return null;
  const { x, y, zoom } = value;
  return typeof x === 'number' && typeof y === 'number' && typeof zoom === 'number' && [x, y, zoom].every(Number.isFinite) && zoom > 0
    ? { x, y, zoom }
    : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function readPoint(value: unknown): Point | null {
  if (!isRecord(value)) return null;
  const { x, y } = value;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)
    ? { x, y }
    : null;
}

/**
 * Everyone with a presence state, this person first; tolerant of other clients' gaps. The
 * server adds `access: "view"` to a viewer's state; this person knows their own role.
 */
export function readPeers(awareness: Awareness, ownRole: Role): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (!isRecord(state) || !isRecord(state.user)) continue;
    const { name, color } = state.user;
    if (typeof name !== 'string' || !name) continue;
    peers.push({
      clientId,
      name,
      color: typeof color === 'string' ? color : '#475569',
      cursor: readPoint(state.cursor),
      selection: Array.isArray(state.selection)
        ? state.selection.filter((id): id is string => typeof id === 'string')
        : [],
      viewport: readViewport(state.viewport),
      following: typeof state.following === 'number' ? state.following : null,
      active: typeof state.active === 'number' && Number.isFinite(state.active) ? state.active : null,
      summon: readSummon(state.summon),
      isSelf: clientId === awareness.clientID,
      viewOnly: clientId === awareness.clientID ? ownRole === 'view' : state.access === 'view',
    });
  }
  return peers.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name));
}

const CURSOR_INTERVAL_MS = 100;

/**
 * Sends the cursor at most 10 times a second, always ending on the latest position, so the
 * others see where it stopped.
 */
export function cursorSender(awareness: Awareness): { send: (cursor: Point | null) => void; stop: () => void } {
  let lastSent = 0;
  let pending: Point | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    timer = undefined;
    if (pending === undefined) return;
    lastSent = Date.now();
    awareness.setLocalStateField('cursor', pending);
    pending = undefined;
  };
  return {
    send(cursor) {
      pending = cursor;
      if (timer !== undefined) return;
      const wait = Math.max(0, lastSent + CURSOR_INTERVAL_MS - Date.now());
      timer = setTimeout(flush, wait);
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
