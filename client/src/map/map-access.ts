import { useEffect, useState } from 'react';
import { type ApiResult, type MapAccessAnswer, fetchAccess } from '../app/api';
import { settledAccess, takeAskedAccess } from '../app/pages';
import { findRecentMap } from '../home/recent-maps';
import type { Role } from './map-state';

/** What this link lets the person do, and the tokens they can pass on. */
export interface LinkRights {
  role: Role;
  token: string;
  editToken: string | null;
  viewToken: string | null;
}

/**
 * What the link lets this person do. The server's answer decides (an edit token alone opens
 * the map for editing); without one (offline), the link itself: edit links made here carry
 * `view=`, and a bare token is an edit token if this browser opened the map with it before.
 */
export function linkRights(mapId: string, token: string, viewToken: string | null, serverRole: Role | null = null): LinkRights {
  const recent = findRecentMap(mapId);
  if (serverRole === 'edit') return { role: 'edit', token, editToken: token, viewToken: viewToken ?? recent?.viewToken ?? null };
  if (serverRole === 'view') return { role: 'view', token, editToken: null, viewToken: token };
  if (viewToken) return { role: 'edit', token, editToken: token, viewToken };
  if (recent?.editToken === token) {
    return { role: 'edit', token, editToken: token, viewToken: recent.viewToken };
  }
  return { role: 'view', token, editToken: null, viewToken: token };
}

export type MapAccess =
  | { kind: 'checking' }
  | { kind: 'granted'; title: string; role: Role }
  | { kind: 'refused' }
  /** The server could not be asked (offline, down): the map still opens from what we have. */
  | { kind: 'unknown' };

const REFUSED = new Set([400, 401, 403, 404]);

/**
 * Asks the server, with the token in a header, whether this link opens this map: on opening,
 * with each new token, and again each time `recheck` changes (connections keep failing: the
 * link may have been replaced meanwhile). A server that cannot be reached changes no answer.
 */
export function useMapAccess(mapId: string, token: string | null, recheck = 0): MapAccess {
  // The answer asked for as the page opened has usually come by its first render: used at once,
  // the map's session starts a render sooner.
  const [access, setAccess] = useState<MapAccess>(() => {
    const settled = token ? settledAccess(mapId, token) : null;
    return settled ? accessOf(settled, { kind: 'checking' }) : { kind: 'checking' };
  });
  useEffect(() => {
    if (!token) return undefined;
    let current = true;
    const answer = (recheck === 0 ? takeAskedAccess(mapId, token) : null) ?? fetchAccess(mapId, token);
    void answer.then((result) => {
      if (current) setAccess((known) => accessOf(result, known));
    });
    return () => {
      current = false;
    };
  }, [mapId, token, recheck]);
  return access;
}

/**
 * The server's answer as an access; one that could not be had keeps what was known. An answer
 * that says what is known already is what is known (the same object: no new render).
 */
function accessOf(result: ApiResult<MapAccessAnswer>, known: MapAccess): MapAccess {
  let next: MapAccess;
  if (result.ok) {
    const { role, title } = result.value;
    next = { kind: 'granted', title: typeof title === 'string' ? title : '', role: role === 'edit' ? 'edit' : 'view' };
  } else if (REFUSED.has(result.status)) next = { kind: 'refused' };
  else return known.kind === 'granted' ? known : { kind: 'unknown' };
  const same = next.kind === known.kind && (next.kind !== 'granted' || (known.kind === 'granted' && next.title === known.title && next.role === known.role));
  return same ? known : next;
}
