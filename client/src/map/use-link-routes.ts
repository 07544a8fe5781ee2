import { useMemo, useRef } from 'react';
import type { StatementBox } from '@causal-map/shared/geometry/box';
import { type LinkEnds, type Route, createLinkRouter } from '@causal-map/shared/geometry/route';
import type { Link } from '@causal-map/shared/link';
import { sameItemsOr } from './same-items';
import { useMapState } from './session-context';

/**
 * Where every link is drawn, recomputed from the boxes as they are on screen (a drag included):
 * around every statement a link does not join. The router keeps its work between calls, so a
 * drag re-routes only the links near the moved statement. Routes are never stored.
 */
export function useLinkRoutes(boxes: readonly StatementBox[]): ReadonlyMap<string, Route> {
  const links = useMapState((state) => state.links);
  const router = useRef<ReturnType<typeof createLinkRouter> | null>(null);
  const ends = useMemo(() => linkEnds(links), [links]);
  const last = useRef<ReadonlyMap<string, Route> | null>(null);
  return useMemo(() => {
    router.current ??= createLinkRouter();
    // The router keeps each unchanged route's object: if all are kept, so is the map.
    last.current = sameItemsOr(last.current, router.current.route(boxes, ends));
    return last.current;
  }, [boxes, ends]);
}

function linkEnds(links: readonly Link[]): LinkEnds[] {
  const pairs = new Set(links.map((link) => `${link.from}>${link.to}`));
  return links.map((link) => ({ id: link.id, from: link.from, to: link.to, twoWay: pairs.has(`${link.to}>${link.from}`) }));
}
