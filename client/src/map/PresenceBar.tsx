import { Suspense, lazy, useEffect, useMemo, useState } from 'react';
import { IdleWatch } from '../facilitation/idle';
import type { Peer } from './map-state';
import type { MenuItem } from './Menu';
import { useMapState, useSession } from './session-context';
import { useMenuButton } from './use-menu-button';

const Menu = lazy(() => import('./Menu'));

/** Re-reads who is idle every 30 s, and whenever presence changes. */
function useIdle(peers: readonly Peer[]): ReadonlySet<number> {
  const [watch] = useState(() => new IdleWatch());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((count) => count + 1), 30_000);
    return () => clearInterval(timer);
  }, []);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `tick` re-reads the clock
  return useMemo(() => watch.idle(peers, Date.now()), [watch, peers, tick]);
}

function ViewOnlyMark() {
  return (
    <span className="presence-view-only" data-testid="view-only-mark">
      <svg width="14" height="10" viewBox="0 0 14 10" aria-hidden="true">
        <path d="M1 5 C3.5 0.5 10.5 0.5 13 5 C10.5 9.5 3.5 9.5 1 5 Z" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <circle cx="7" cy="5" r="1.8" fill="currentColor" />
      </svg>
      view only
    </span>
  );
}

/** Another person: a button with what one can do about them (follow their view, select what they added). */
function PersonMenu({ peer }: { peer: Peer }) {
  const { facilitation } = useSession();
  const following = useMapState((state) => state.following === peer.clientId);
  const { open, opener, close, toggle } = useMenuButton();
  const items: MenuItem[] = [
    following
      ? { label: `Stop following ${peer.name}`, onSelect: () => facilitation.follow(null) }
      : { label: `Follow ${peer.name}'s view`, title: 'Your view moves with theirs until you move the map or press Esc', onSelect: () => facilitation.follow(peer.clientId), disabled: !peer.viewport },
    { label: `Select what ${peer.name} added`, onSelect: () => facilitation.selectAddedBy(peer.name) },
  ];
  const id = `person-menu-${peer.clientId}`;
  return (
    <>
      <button ref={opener} type="button" className="presence-name" aria-haspopup="menu" aria-expanded={open} aria-controls={open ? id : undefined} onClick={toggle}>
        {peer.name}
      </button>
      {open && (
        <Suspense fallback={null}>
          <Menu id={id} label={peer.name} opener={opener} onClose={close} items={items} />
        </Suspense>
      )}
    </>
  );
}

/**
 * Who is on the map right now, each in their colour; this person marked "(you)", and people
 * who can only look marked "view only" (an eye), so no one mistakes them for an editor. One's
 * own name changes it; each other person's name opens a menu: follow their view, select what they added. Who follows
 * whom shows here too, and people idle for 5 minutes fade.
 */
export function PresenceBar({ onChangeName }: { onChangeName: () => void }) {
  const peers = useMapState((state) => state.peers);
  const idle = useIdle(peers);
  const self = peers.find((peer) => peer.isSelf);
  const followers = peers.filter((peer) => !peer.isSelf && self && peer.following === self.clientId);
  return (
    <div className="presence">
      <ul className="presence-list" aria-label="People on this map">
        {peers.map((peer) => {
          const classes = ['presence-person'];
          if (peer.viewOnly) classes.push('is-view-only');
          if (idle.has(peer.clientId)) classes.push('is-idle');
          const follows = peers.find((other) => other.clientId === peer.following);
          return (
            <li
              key={peer.clientId}
              className={classes.join(' ')}
              data-testid="presence-person"
              data-view-only={peer.viewOnly ? 'true' : undefined}
              data-idle={idle.has(peer.clientId) ? 'true' : undefined}
              title={peer.viewOnly ? `${peer.name} (can only view)` : peer.name}
            >
              <span className="presence-dot" style={{ background: peer.color }} aria-hidden="true" />
              {peer.isSelf ? (
                <button type="button" className="presence-name" onClick={onChangeName} title="Change the name others see" aria-label={`${peer.name} (you): change name`}>
                  {peer.name}
                  <span className="presence-you"> (you)</span>
                </button>
              ) : (
                <PersonMenu peer={peer} />
              )}
              {idle.has(peer.clientId) && <span className="presence-idle"> (idle)</span>}
              {follows && (
                <span className="presence-follows" data-testid="presence-follows">
                  {' '}
                  following {follows.isSelf ? 'you' : follows.name}
                </span>
              )}
              {peer.viewOnly && <ViewOnlyMark />}
            </li>
          );
        })}
      </ul>
      {followers.length > 0 && (
        <span className="presence-followed" data-testid="followed-by" role="status">
          {followers.map((peer) => peer.name).join(', ')} {followers.length === 1 ? 'follows' : 'follow'} your view
        </span>
      )}
    </div>
  );
}
