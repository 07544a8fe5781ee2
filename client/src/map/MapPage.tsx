import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ReactFlowProvider } from '@xyflow/react';
import { MessagePage } from '../app/MessagePage';
import { rememberMap } from '../home/recent-maps';
import { identityOf, useName } from '../user/identity';
import { NameDialog } from '../user/NameDialog';
import { type LinkRights, linkRights, useMapAccess } from './map-access';
import { type MapSession, createMapSession } from './map-session';
import { MapScreen } from './MapScreen';
import { SessionContext } from './session-context';

export interface MapPageProps {
  mapId: string;
  token: string | null;
  viewToken: string | null;
}

const INVALID_TITLE = 'This link is not valid any more — ask for a new link';
const INVALID_TEXT = 'The map may have been removed, or the link was copied only in part.';
const REVOKED_TEXT = 'Someone who can edit this map replaced this link with a new one. Ask them for the new link.';

export function MapPage({ mapId, token, viewToken }: MapPageProps) {
  const name = useName();
  // Repeated refused connections before any sync: ask the server again whether the link is valid.
  const [recheck, setRecheck] = useState(0);
  const access = useMapAccess(mapId, token, recheck);
  const serverRole = access.kind === 'granted' ? access.role : null;
  const rights = useMemo(
    () => (token ? linkRights(mapId, token, viewToken, serverRole) : null),
    [mapId, token, viewToken, serverRole],
  );
  const onConnectionsFailing = useCallback(() => setRecheck((count) => count + 1), []);

  useEffect(() => {
    if (access.kind !== 'granted' || !rights) return;
    rememberMap({ id: mapId, title: access.title, editToken: rights.editToken, viewToken: rights.viewToken });
  }, [access, rights, mapId]);

  if (!rights || access.kind === 'refused') return <MessagePage title={INVALID_TITLE} message={INVALID_TEXT} />;
  // The server's answer comes first (it decides the role), unless it cannot be asked.
  if (access.kind === 'checking') return null;
  if (!name) {
    return (
      <div className="map-page map-page-waiting">
        <NameDialog onDone={() => undefined} />
      </div>
    );
  }
  // A new role is a new session; a new token for the same role (a replaced link) is not.
  return (
    <MapWorkspace
      key={rights.role}
      mapId={mapId}
      rights={rights}
      name={name}
      serverTitle={access.kind === 'granted' ? access.title : ''}
      onConnectionsFailing={onConnectionsFailing}
    />
  );
}

interface MapWorkspaceProps {
  mapId: string;
  rights: LinkRights;
  name: string;
  serverTitle: string;
  onConnectionsFailing: () => void;
}

/** Every third connection in a row that closed before syncing is worth a question to the server. */
const FAILURES_BEFORE_RECHECK = 3;

/** Owns the session: made when the map opens, destroyed when the person leaves it. */
function MapWorkspace({ mapId, rights, name, serverTitle, onConnectionsFailing }: MapWorkspaceProps) {
  const [session, setSession] = useState<MapSession | null>(null);
  const { role, token } = rights;
  // Read when a session opens; a token that changes later (a replaced link) goes to the open one.
  const latestToken = useRef(token);
  latestToken.current = token;

  // Before the first paint, not after it: there is nothing to paint without the session, and
  // the connection starts a frame sooner.
  useLayoutEffect(() => {
    // The name at opening time; later changes go to awareness without reconnecting.
    const opened = createMapSession({ mapId, token: latestToken.current, role, identity: identityOf(name) });
    setSession(opened);
    return () => {
      opened.destroy();
      setSession(null);
    };
    // A new name must not reconnect: the effect below sends it to awareness instead.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mapId, role]);

  useEffect(() => {
    session?.connection?.useToken(token);
  }, [session, token]);

  useEffect(() => {
    session?.actions.setIdentity(identityOf(name));
  }, [session, name]);

  if (!session) return null;
  return (
    <SessionContext.Provider value={session}>
      <ConnectionWatch session={session} onFailing={onConnectionsFailing} />
      <MapOrRevoked session={session}>
        <ReactFlowProvider>
          <MapScreen mapId={mapId} rights={rights} serverTitle={serverTitle} />
        </ReactFlowProvider>
      </MapOrRevoked>
    </SessionContext.Provider>
  );
}

/** Once the server says this link was replaced, the map gives way to a page that says so. */
function MapOrRevoked({ session, children }: { session: MapSession; children: ReactNode }) {
  const revoked = useStore(session.store, (state) => state.stop?.kind === 'revoked');
  return revoked ? <MessagePage title={INVALID_TITLE} message={REVOKED_TEXT} /> : children;
}

function ConnectionWatch({ session, onFailing }: { session: MapSession; onFailing: () => void }) {
  const failed = useStore(session.store, (state) => state.failedConnections);
  useEffect(() => {
    if (failed > 0 && failed % FAILURES_BEFORE_RECHECK === 0) onFailing();
  }, [failed, onFailing]);
  return null;
}
