import { useEffect, useState } from 'react';
import { fetchMap } from '../app/api';
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
 * Decides the role from the link alone. Edit links always carry `view=`; a bare token is an
 * edit token only if this browser created or opened the map with it before.
 */
export function linkRights(mapId: string, token: string, viewToken: string | null): LinkRights {
  if (viewToken) return { role: 'edit', token, editToken: token, viewToken };
  const recent = findRecentMap(mapId);
  if (recent?.editToken === token) {
    return { role: 'edit', token, editToken: token, viewToken: recent.viewToken };
  }
  return { role: 'view', token, editToken: null, viewToken: token };
}

export type MapAccess =
  | { kind: 'checking' }
  | { kind: 'granted'; title: string }
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
  const [access, setAccess] = useState<MapAccess>({ kind: 'checking' });
  useEffect(() => {
    if (!token) return undefined;
    let current = true;
    void fetchMap(mapId, token).then((result) => {
      if (!current) return;
      if (result.ok) setAccess({ kind: 'granted', title: typeof result.value.title === 'string' ? result.value.title : '' });
      else if (REFUSED.has(result.status)) setAccess({ kind: 'refused' });
      else setAccess((known) => (known.kind === 'granted' ? known : { kind: 'unknown' }));
    });
    return () => {
      current = false;
    };
  }, [mapId, token, recheck]);
  return access;
}
