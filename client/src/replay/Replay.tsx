import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { HistoryEvent, JournalRecord } from '@causal-map/shared/history';
import { UNREACHABLE, fetchJournal, fetchMap } from '../app/api';
import { LoopsPanel, LoopsToggle } from '../loops/LoopsPanel';
import { MapCanvas } from '../map/MapCanvas';
import { SessionContext } from '../map/session-context';
import { ReplayBar } from './ReplayBar';
import { type ReplaySession, createReplaySession } from './replay-session';

interface ReplayProps {
  mapId: string;
  token: string;
  title: string;
  onExit: () => void;
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; session: ReplaySession; events: HistoryEvent[]; entries: number[]; vicious: ReadonlySet<number> };

function decode(base64: string): Uint8Array {
  const bytes = atob(base64);
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
  return out;
}

/**
 * Replay: how the map grew, event by event, on a copy made from the server's journal. Anyone
 * with the map's edit or view link may open it; nothing in it writes to the shared map.
 */
export default function Replay({ mapId, token, title, onExit }: ReplayProps) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });

  useEffect(() => {
    let session: ReplaySession | null = null;
    let stopped = false;
    void fetchJournal(mapId, token).then((result) => {
      if (stopped) return;
      if (!result.ok) {
        setLoaded({ kind: 'failed', message: result.status === UNREACHABLE ? 'Replay needs a connection to the server.' : result.message });
        return;
      }
      // The server worked out the events; here the updates only need applying.
      const { entries, events, eventEntries, vicious } = result.value;
      const journal: JournalRecord[] = entries.map((entry) => ({ receivedAt: entry.receivedAt, by: entry.by, update: decode(entry.update) }));
      session = createReplaySession(mapId, journal);
      setLoaded({ kind: 'ready', session, events, entries: eventEntries, vicious: new Set(vicious) });
    });
    return () => {
      stopped = true;
      session?.destroy();
    };
  }, [mapId, token]);

  const mapAt = async (at: number): Promise<Blob> => {
    const result = await fetchMap(mapId, token, at);
    if (!result.ok) throw new Error(result.message);
    return new Blob([JSON.stringify(result.value)], { type: 'application/json' });
  };

  return (
    <div className="map-page is-read-only replay-page">
      <header className="map-header">
        <div className="map-title-row">
          <h1 className="map-title">{title || 'Untitled map'}</h1>
          <span className="replay-badge">Replay</span>
        </div>
        {loaded.kind === 'ready' && (
          <SessionContext.Provider value={loaded.session}>
            <LoopsToggle />
          </SessionContext.Provider>
        )}
        <button type="button" className="primary" onClick={onExit}>
          Back to the live map
        </button>
      </header>
      {loaded.kind === 'loading' && <p className="loading-note">Loading the map's record…</p>}
      {loaded.kind === 'failed' && (
        <p role="alert" className="error loading-note">
          {loaded.message}
        </p>
      )}
      {loaded.kind === 'ready' && (
        <SessionContext.Provider value={loaded.session}>
          <ReactFlowProvider>
            <main className="map-main">
              <MapCanvas />
              <LoopsPanel />
            </main>
            <ReplayBar session={loaded.session} events={loaded.events} entries={loaded.entries} vicious={loaded.vicious} mapAt={mapAt} title={title} />
          </ReactFlowProvider>
        </SessionContext.Provider>
      )}
    </div>
  );
}
