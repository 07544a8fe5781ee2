import { useEffect, useRef } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useMapState, useSession } from '../map/session-context';
import { newSummons } from './summons';

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Where people look, between this screen and the others (the canvas shares this person's view as
 * it moves): follows the person they follow, and answers a facilitator's "bring everyone here". Lives inside React
 * Flow, whose viewport it moves; draws nothing.
 */
export function FacilitationBridge() {
  const session = useSession();
  const { facilitation, actions } = session;
  const { setViewport, getViewport } = useReactFlow();
  const following = useMapState((state) => state.following);
  const followed = useMapState((state) => (state.following === null ? null : (state.peers.find((peer) => peer.clientId === state.following) ?? null)));
  const peers = useMapState((state) => state.peers);
  const seenSummons = useRef<Set<string> | null>(null);

  // Using the map in any way keeps this person from fading as idle on the others' screens.
  useEffect(() => {
    const active = () => facilitation.markActive();
    active();
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const;
    for (const type of events) window.addEventListener(type, active, { passive: true });
    return () => {
      for (const type of events) window.removeEventListener(type, active);
    };
  }, [facilitation]);
  useEffect(() => facilitation.shareViewport(getViewport()), [facilitation, getViewport]);

  // Following: this view moves with theirs; it stops when they leave.
  const target = followed?.viewport;
  useEffect(() => {
    if (target) void setViewport(target, { duration: 0 });
  }, [target?.x, target?.y, target?.zoom, setViewport]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (following !== null && followed === null) {
      facilitation.follow(null);
      actions.showToast('You stopped following: they left the map');
    }
  }, [following, followed, facilitation, actions]);

  // Moving the map oneself, or Esc, stops following.
  useEffect(() => {
    if (following === null) return undefined;
    const canvas = document.querySelector('.react-flow');
    const stop = () => {
      facilitation.follow(null);
      actions.showToast(`You stopped following ${session.store.getState().peers.find((peer) => peer.clientId === following)?.name ?? 'them'}`);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && stop();
    canvas?.addEventListener('pointerdown', stop);
    canvas?.addEventListener('wheel', stop, { passive: true });
    window.addEventListener('keydown', onKey);
    return () => {
      canvas?.removeEventListener('pointerdown', stop);
      canvas?.removeEventListener('wheel', stop);
      window.removeEventListener('keydown', onKey);
    };
  }, [following, facilitation, actions, session]);

  // "Bring everyone here": go at once; the notice offers to go back.
  useEffect(() => {
    for (const peer of newSummons(peers, (seenSummons.current ??= new Set()))) {
      const { summon } = peer;
      const before = getViewport();
      if (session.store.getState().following !== null) facilitation.follow(null);
      void setViewport(summon.viewport, { duration: reducedMotion() ? 0 : 300 });
      actions.showToast(`${peer.name} brought everyone to their view`, {
        label: 'Stay where I was',
        run: () => void setViewport(before, { duration: reducedMotion() ? 0 : 300 }),
      });
    }
  }, [peers, getViewport, setViewport, actions, facilitation, session]);

  return null;
}
