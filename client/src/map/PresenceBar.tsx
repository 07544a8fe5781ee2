import { useMapState } from './session-context';

/**
 * Who is on the map right now, each in their colour; this person marked "(you)", and people
 * who can only look marked "view only" (an eye), so no one mistakes them for an editor.
 */
export function PresenceBar({ onChangeName }: { onChangeName: () => void }) {
  const peers = useMapState((state) => state.peers);
  return (
    <div className="presence">
      <ul className="presence-list" aria-label="People on this map">
        {peers.map((peer) => (
          <li
            key={peer.clientId}
            className={peer.viewOnly ? 'presence-person is-view-only' : 'presence-person'}
            data-testid="presence-person"
            data-view-only={peer.viewOnly ? 'true' : undefined}
            title={peer.viewOnly ? `${peer.name} (can only view)` : peer.name}
          >
            <span className="presence-dot" style={{ background: peer.color }} aria-hidden="true" />
            {peer.name}
            {peer.isSelf && <span className="presence-you"> (you)</span>}
            {peer.viewOnly && (
              <span className="presence-view-only" data-testid="view-only-mark">
                <svg width="14" height="10" viewBox="0 0 14 10" aria-hidden="true">
                  <path d="M1 5 C3.5 0.5 10.5 0.5 13 5 C10.5 9.5 3.5 9.5 1 5 Z" fill="none" stroke="currentColor" strokeWidth="1.4" />
                  <circle cx="7" cy="5" r="1.8" fill="currentColor" />
                </svg>
                view only
              </span>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className="quiet" onClick={onChangeName} title="Change the name others see">
        Change name
      </button>
    </div>
  );
}
