import { ViewportPortal } from '@xyflow/react';
import { useMapState } from './session-context';

/** The others' pointers, drawn in map coordinates so they stay on what they point at. */
export function Cursors() {
  const peers = useMapState((state) => state.peers);
  return (
    <ViewportPortal>
      {peers.map((peer) =>
        peer.isSelf || !peer.cursor ? null : (
          <div
            key={peer.clientId}
            className="peer-cursor"
            data-testid="cursor"
            data-name={peer.name}
            style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)`, color: peer.color }}
          >
            <svg width="18" height="20" viewBox="0 0 18 20" aria-hidden="true">
              <path d="M1 1 L1 16 L5.5 12 L9 19 L12 17.5 L8.5 10.8 L14.5 10.5 Z" fill="currentColor" stroke="white" strokeWidth="1.5" />
            </svg>
            <span className="peer-cursor-name" style={{ background: peer.color }}>
              {peer.name}
            </span>
          </div>
        ),
      )}
    </ViewportPortal>
  );
}
