import { useEffect, useRef, useState } from 'react';
import { FlowLayer } from './FlowLayer';
import { shortNameOf } from '../user/identity';
import type { Peer } from './map-state';
import { useMapState } from './session-context';
import { useNamesHidden } from '../facilitation/FacilitationBanner';

/** A pointer that has not moved for this long fades, and its name goes, off the text below it. */
export const CURSOR_IDLE_MS = 3000;

interface Seen {
  x: number;
  y: number;
  since: number;
}

/** The peers whose cursor has stood still for a while; checked again when one would turn idle. */
function useIdleCursors(peers: Peer[]): ReadonlySet<number> {
  const seen = useRef(new Map<number, Seen>());
  const [idle, setIdle] = useState<ReadonlySet<number>>(() => new Set());
  const [check, setCheck] = useState(0);
  useEffect(() => {
    const now = Date.now();
    const next = new Set<number>();
    let wait = Infinity;
    const present = new Set<number>();
    for (const peer of peers) {
      if (peer.isSelf || !peer.cursor) continue;
      present.add(peer.clientId);
      const last = seen.current.get(peer.clientId);
      if (!last || last.x !== peer.cursor.x || last.y !== peer.cursor.y) {
        seen.current.set(peer.clientId, { ...peer.cursor, since: now });
        wait = Math.min(wait, CURSOR_IDLE_MS);
      } else if (now - last.since >= CURSOR_IDLE_MS) {
        next.add(peer.clientId);
      } else {
        wait = Math.min(wait, last.since + CURSOR_IDLE_MS - now);
      }
    }
    for (const id of seen.current.keys()) if (!present.has(id)) seen.current.delete(id);
    setIdle((old) => (old.size === next.size && [...next].every((id) => old.has(id)) ? old : next));
    if (wait === Infinity) return undefined;
    const timer = setTimeout(() => setCheck((count) => count + 1), wait + 50);
    return () => clearTimeout(timer);
  }, [peers, check]);
  return idle;
}

/** The others' pointers, drawn in map coordinates so they stay on what they point at. */
export function Cursors() {
  const peers = useMapState((state) => state.peers);
  const idle = useIdleCursors(peers);
  // A gathering round shows pointers but not whose they are.
  const namesHidden = useNamesHidden();
  return (
    <FlowLayer place="above">
      {peers.map((peer) =>
        peer.isSelf || !peer.cursor ? null : (
          <div
            key={peer.clientId}
            className={idle.has(peer.clientId) ? 'peer-cursor is-idle' : 'peer-cursor'}
            data-testid="cursor"
            data-name={namesHidden ? undefined : peer.name}
            data-idle={idle.has(peer.clientId) ? 'true' : undefined}
            style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)`, color: peer.color }}
            aria-hidden="true"
          >
            <svg width="18" height="20" viewBox="0 0 18 20">
              <path d="M1 1 L1 16 L5.5 12 L9 19 L12 17.5 L8.5 10.8 L14.5 10.5 Z" fill="currentColor" stroke="white" strokeWidth="1.5" />
            </svg>
            {!namesHidden && (
              <span className="peer-cursor-name" style={{ background: peer.color }} title={peer.name}>
                {shortNameOf(peer.name)}
              </span>
            )}
          </div>
        ),
      )}
    </FlowLayer>
  );
}
