import type { ConnectionStatus as Status } from './map-state';
import { useMapState } from './session-context';

const WORDS: Record<Status, string> = {
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — edits kept',
  stopped: 'Not connected — edits kept',
};

const HINTS: Record<Status, string> = {
  connected: 'Changes are shared with everyone on the map as you make them.',
  reconnecting: 'Trying to reach the server. Keep working: your changes are kept.',
  offline: 'Your changes are kept on this device and shared when the connection is back.',
  stopped: 'The server closed the connection and will not take this map back as it is. Your changes are kept on this device.',
};

/** Always visible, so nobody wonders whether the others see their changes. */
export function ConnectionStatus() {
  const status = useMapState((state) => state.connection);
  const stop = useMapState((state) => state.stop);
  // The server's own words say what it refused, e.g. "map is too large".
  const hint = status === 'stopped' && stop?.kind === 'refused' && stop.reason ? `${HINTS.stopped} (${stop.reason})` : HINTS[status];
  return (
    <span role="status" data-testid="connection-status" className={`connection connection-${status}`} title={hint}>
      <span className="connection-dot" aria-hidden="true" />
      {WORDS[status]}
    </span>
  );
}
