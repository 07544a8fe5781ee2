import type { ConnectionStatus as Status } from './map-state';
import { useMapState } from './session-context';

const WORDS: Record<Status, string> = {
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — edits kept',
};

const HINTS: Record<Status, string> = {
  connected: 'Changes are shared with everyone on the map as you make them.',
  reconnecting: 'Trying to reach the server. Keep working: your changes are kept.',
  offline: 'Your changes are kept on this device and shared when the connection is back.',
};

/** Always visible, so nobody wonders whether the others see their changes. */
export function ConnectionStatus() {
  const status = useMapState((state) => state.connection);
  return (
    <span role="status" data-testid="connection-status" className={`connection connection-${status}`} title={HINTS[status]}>
      <span className="connection-dot" aria-hidden="true" />
      {WORDS[status]}
    </span>
  );
}
