import { useMemo, useRef } from 'react';
import type { Route } from '@causal-map/shared/geometry/route';
import { commentTarget } from '@causal-map/shared/comments';
import { MARKS, type Mark, countMarks, isContested } from '@causal-map/shared/marks';
import { MARK_WORDS } from '../discussion/mark-words';
import { spotlitKey, spotlitOf } from '../facilitation/spotlight';
import { type LinkItem, loopMarkOf } from './flow-types';
import { isShown } from './reading-filter';
import { sameItemsOr } from './same-items';
import { useMapState } from './session-context';

/** A link's marks in a few signs, e.g. "✓2 ✗1 ?1"; the words are in the link's label. */
function marksSummary(marks: Readonly<Record<string, Mark>> | undefined): string {
  if (!marks) return '';
  const counts = countMarks(marks);
  return MARKS.filter((mark) => counts[mark] > 0)
    .map((mark) => `${MARK_WORDS[mark].sign}${counts[mark]}`)
    .join(' ');
}

function sameItem(a: LinkItem, b: LinkItem): boolean {
  return (
    a.link === b.link &&
    a.selected === b.selected &&
    a.fromNumber === b.fromNumber &&
    a.toNumber === b.toNumber &&
    a.onLoop === b.onLoop &&
    a.loopMark === b.loopMark &&
    a.route === b.route &&
    a.faded === b.faded &&
    a.marks === b.marks &&
    a.contested === b.contested &&
    a.threads === b.threads
  );
}

/**
 * The live links as drawn, along their routes. An unchanged link keeps its object, and an
 * unchanged list its identity, so only the links that changed are drawn again.
 */
export function useLinkItems(routes: ReadonlyMap<string, Route>): LinkItem[] {
  const links = useMapState((state) => state.links);
  const numbers = useMapState((state) => state.numbers);
  const selection = useMapState((state) => state.selection);
  const onLoopLinks = useMapState((state) => state.onLoopLinks);
  const selectedLoop = useMapState((state) => state.selectedLoop);
  const filter = useMapState((state) => state.filter);
  // Which statements a reading filter shows: only then do the statements matter to the links.
  const shown = useMapState((state) => (state.filter === 'all' ? null : state.statements));
  const onLoopStatements = useMapState((state) => state.onLoopStatements);
  const personFilter = useMapState((state) => state.personFilter);
  const marks = useMapState((state) => state.marks);
  const openCounts = useMapState((state) => state.openCounts);
  const spotlight = useMapState(spotlitKey);
  const previous = useRef<{ items: Map<string, LinkItem>; shared: object | null }>({ items: new Map(), shared: null });
  const last = useRef<LinkItem[] | null>(null);

  // What every link is drawn from besides itself and its route: when this changes, each item is
  // built again; while a drag moves routes, only the links whose route changed are.
  const shared = useMemo(() => {
    const visible = new Set(shown === null ? [] : shown.filter((s) => isShown(filter, s, onLoopStatements.has(s.id))).map((s) => s.id));
    return { numbers, selected: new Set(selection.linkIds), onLoopLinks, inSelectedLoop: selectedLoop ? new Set(selectedLoop.linkIds) : null, filter, visible, personFilter, marks, openCounts, spotlit: spotlitOf(spotlight) };
  }, [numbers, selection, onLoopLinks, selectedLoop, filter, shown, onLoopStatements, personFilter, marks, openCounts, spotlight]);

  return useMemo(() => {
    const { numbers, selected, onLoopLinks, inSelectedLoop, filter, visible, personFilter, marks, openCounts, spotlit } = shared;
    const known = previous.current.items;
    const sameShared = previous.current.shared === shared;
    const items = links.map((link): LinkItem => {
      const route = routes.get(link.id);
      const old = known.get(link.id);
      if (sameShared && old?.link === link && old.route === route) return old;
      const marked = marks.get(link.id);
      const contested = isContested(marked);
      const item: LinkItem = {
        id: link.id,
        link,
        fromNumber: numbers.get(link.from) ?? 0,
        toNumber: numbers.get(link.to) ?? 0,
        selected: selected.has(link.id),
        onLoop: onLoopLinks.has(link.id),
        loopMark: loopMarkOf(link.id, inSelectedLoop),
        route,
        faded:
          (filter === 'contested' ? !contested : filter !== 'all' && !(visible.has(link.from) && visible.has(link.to))) ||
          (personFilter !== null && link.createdBy !== personFilter) ||
          (spotlit !== null && !spotlit.links.has(link.id)),
        marks: marksSummary(marked),
        contested,
        threads: openCounts.get(commentTarget('link', link.id)) ?? 0,
      };
      return old && sameItem(old, item) ? old : item;
    });
    previous.current = { items: new Map(items.map((item) => [item.id, item])), shared };
    last.current = sameItemsOr(last.current, items);
    return last.current;
  }, [shared, links, routes]);
}
