import { useMapState } from './session-context';

/** Who is on the map right now, each in their colour; this person marked "(you)". */
export function PresenceBar({ onChangeName }: { onChangeName: () => void }) {
  const peers = useMapState((state) => state.peers);
  return (
    <div className="presence">
      <ul className="presence-list" aria-label="People on this map">
        {peers.map((peer) => (
          <li key={peer.clientId} className="presence-person" data-testid="presence-person" title={peer.name}>
            <span className="presence-dot" style={{ background: peer.color }} aria-hidden="true" />
            {peer.name}
            {peer.isSelf && <span className="presence-you"> (you)</span>}
          </li>
        ))}
      </ul>
      <button type="button" className="quiet" onClick={onChangeName} title="Change the name others see">
        Change name
      </button>
    </div>
  );
}
