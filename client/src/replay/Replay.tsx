import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { type HistoryEvent, type JournalRecord, historySteps } from '@causal-map/shared/history';
import { LoopsPanel, LoopsToggle } from '../loops/LoopsPanel';
import { MapCanvas } from '../map/MapCanvas';
import { SessionContext } from '../map/session-context';
import { ReplayBar } from './ReplayBar';
import { type ReplaySession, createReplaySession } from './replay-session';
import { viciousClosures } from './timeline';

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

async function fetchJson(url: string, token: string): Promise<unknown> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`The server could not give the map's record (${response.status}).`);
  return response.json();
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
    fetchJson(`/api/docs/${encodeURIComponent(mapId)}/journal`, token)
      .then((body) => {
        const entries = (body as { entries: { receivedAt: number; by: string | null; update: string }[] }).entries;
        const journal: JournalRecord[] = entries.map((entry) => ({ receivedAt: entry.receivedAt, by: entry.by, update: decode(entry.update) }));
        const steps = historySteps(journal);
        if (stopped) return;
        session = createReplaySession(mapId, journal);
        const vicious = viciousClosures(journal, steps.events, steps.entries);
        setLoaded({ kind: 'ready', session, events: steps.events, entries: steps.entries, vicious });
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!stopped) setLoaded({ kind: 'failed', message: message.includes('fetch') ? 'Replay needs a connection to the server.' : message });
      });
    return () => {
      stopped = true;
      session?.destroy();
    };
  }, [mapId, token]);

  const mapAt = async (at: number): Promise<Blob> => {
    const response = await fetch(`/api/docs/${encodeURIComponent(mapId)}?at=${Math.floor(at)}`, { headers: { authorization: `Bearer ${token}` } });
    return response.blob();
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
