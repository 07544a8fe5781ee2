import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { MapSession } from './map-session';
import type { MapState } from './map-state';

export const SessionContext = createContext<MapSession | null>(null);

/** The open map's session; only inside the map page. */
export function useSession(): MapSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession is used outside the map page');
  return session;
}

/** Reads one slice of the open map's state; the component re-renders only when it changes. */
export function useMapState<T>(selector: (state: MapState) => T): T {
  return useStore(useSession().store, selector);
}
