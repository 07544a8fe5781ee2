import { useEffect, useState } from 'react';
import { gatheringOn } from '@causal-map/shared/facilitation';
import { targetWords } from '../discussion/target-words';
import { useMapState, useSession } from '../map/session-context';

const clock = (ms: number) => {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
};

/** The time now, once a second while `on`. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/** What everyone sees while a facilitator runs something: the spotlight, a gathering round's countdown. */
export function FacilitationBanner() {
  const { facilitation, role } = useSession();
  const spotlight = useMapState((state) => state.spotlight);
  const gathering = useMapState((state) => state.gathering);
  const spotlitWords = useMapState((state) => (state.spotlight ? targetWords(state.spotlight.on, state) : ''));
  const now = useNow(gathering !== null);
  const gatheringLive = gatheringOn(gathering, now);
  if (!spotlight && !gatheringLive) return null;
  return (
    <div className="facilitation-banner" role="region" aria-label="Facilitation">
      {spotlight && (
        <p className="notice spotlight-notice" data-testid="spotlight">
          <span>
            <span aria-hidden="true">◎ </span>In the spotlight: <strong>{spotlitWords}</strong>
            {spotlight.by && <> — by {spotlight.by}</>}
          </span>
          {role === 'edit' && (
            <button type="button" onClick={() => facilitation.spotlight(null)}>
              End spotlight
            </button>
          )}
        </p>
      )}
      {gathering && gatheringLive && (
        <p className="notice gathering-notice" data-testid="gathering">
          <span>
            Gathering round: <strong role="timer">{clock(gathering.endsAt - now)}</strong> left. Names are hidden: every idea weighs the same.
          </span>
          {role === 'edit' && (
            <button type="button" onClick={() => facilitation.endGathering()}>
              End round
            </button>
          )}
        </p>
      )}
    </div>
  );
}

/** True while a gathering round is on: names are left off statements, cursors and selections. */
export function useNamesHidden(): boolean {
  const gathering = useMapState((state) => state.gathering);
  const now = useNow(gathering !== null);
  return gatheringOn(gathering, now);
}

/** How a person is named now: by name (or "someone"), but as `hidden` during a gathering round. */
export function useShownName(hidden: string): (name: string | null | undefined) => string {
  const namesHidden = useNamesHidden();
  return (name) => (namesHidden ? hidden : name || 'someone');
}
