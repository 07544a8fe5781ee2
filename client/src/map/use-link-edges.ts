import { useCallback, useMemo, useRef } from 'react';
import { type EdgeChange, MarkerType } from '@xyflow/react';
import type { Route } from '@causal-map/shared/geometry/route';
import { type LinkFlowEdge, linkSentence, loopMarkOf } from './flow-types';
import { isShown } from './reading-filter';
import { sameItemsOr } from './same-items';
import { useMapState, useSession } from './session-context';

const ARROW_COLOR = '#334155';
const SELECTED_COLOR = '#1d4ed8';
const HIGHLIGHT_COLOR = '#7c3aed';

function sameEdge(a: LinkFlowEdge, b: LinkFlowEdge): boolean {
  const x = a.data!;
  const y = b.data!;
  return (
    a.selected === b.selected &&
    a.source === b.source &&
    a.target === b.target &&
    a.ariaLabel === b.ariaLabel &&
    (a.markerEnd as { color?: string }).color === (b.markerEnd as { color?: string }).color &&
    x.link === y.link &&
    x.fromNumber === y.fromNumber &&
    x.toNumber === y.toNumber &&
    x.onLoop === y.onLoop &&
    x.loopMark === y.loopMark &&
    x.route === y.route &&
    x.faded === y.faded
  );
}

/** The live links as React Flow edges, drawn along their routes; selection goes to the session. */
export function useLinkEdges(routes: ReadonlyMap<string, Route>) {
  const session = useSession();
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
  // Unchanged edges keep their object, and an unchanged list its identity: React Flow then skips them.
  const previous = useRef(new Map<string, LinkFlowEdge>());
  const lastEdges = useRef<LinkFlowEdge[] | null>(null);

  const edges = useMemo<LinkFlowEdge[]>(() => {
    const selected = new Set(selection.linkIds);
    const inSelectedLoop = selectedLoop ? new Set(selectedLoop.linkIds) : null;
    const visible = new Set(shown === null ? [] : shown.filter((s) => isShown(filter, s, onLoopStatements.has(s.id))).map((s) => s.id));
    const built = links.map((link): LinkFlowEdge => {
      const fromNumber = numbers.get(link.from) ?? 0;
      const toNumber = numbers.get(link.to) ?? 0;
      const isSelected = selected.has(link.id);
      const loopMark = loopMarkOf(link.id, inSelectedLoop);
      return {
        id: link.id,
        type: 'link',
        source: link.from,
        target: link.to,
        selected: isSelected,
        ariaLabel: linkSentence(fromNumber, toNumber, link.polarity),
        markerEnd: {
          type: MarkerType.ArrowClosed,
          width: 18,
          height: 18,
          color: isSelected ? SELECTED_COLOR : loopMark === 'highlighted' ? HIGHLIGHT_COLOR : ARROW_COLOR,
        },
        data: {
          link,
          fromNumber,
          toNumber,
          onLoop: onLoopLinks.has(link.id),
          loopMark,
          route: routes.get(link.id),
          faded: (filter !== 'all' && !(visible.has(link.from) && visible.has(link.to))) || (personFilter !== null && link.createdBy !== personFilter),
        },
      };
    });
    const edgesNow = built.map((edge) => {
      const old = previous.current.get(edge.id);
      return old && sameEdge(old, edge) ? old : edge;
    });
    previous.current = new Map(edgesNow.map((edge) => [edge.id, edge]));
    lastEdges.current = sameItemsOr(lastEdges.current, edgesNow);
    return lastEdges.current;
  }, [links, numbers, selection, onLoopLinks, selectedLoop, routes, filter, shown, onLoopStatements, personFilter]);

  const onEdgesChange = useCallback(
    (changes: EdgeChange<LinkFlowEdge>[]) => {
      let selected: Set<string> | null = null;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        selected ??= new Set(session.store.getState().selection.linkIds);
        if (change.selected) selected.add(change.id);
        else selected.delete(change.id);
      }
      if (!selected) return;
      const { statementIds } = session.store.getState().selection;
      session.actions.setSelection({ statementIds, linkIds: [...selected] });
    },
    [session],
  );

  return { edges, onEdgesChange };
}
