import { useCallback, useMemo } from 'react';
import { type EdgeChange, MarkerType } from '@xyflow/react';
import type { Route } from '@causal-map/shared/geometry/route';
import { type LinkFlowEdge, linkSentence, loopMarkOf } from './flow-types';
import { isShown } from './reading-filter';
import { useMapState, useSession } from './session-context';

const ARROW_COLOR = '#334155';
const SELECTED_COLOR = '#1d4ed8';
const HIGHLIGHT_COLOR = '#7c3aed';

/** The live links as React Flow edges, drawn along their routes; selection goes to the session. */
export function useLinkEdges(routes: ReadonlyMap<string, Route>) {
  const session = useSession();
  const links = useMapState((state) => state.links);
  const numbers = useMapState((state) => state.numbers);
  const selection = useMapState((state) => state.selection);
  const onLoopLinks = useMapState((state) => state.onLoopLinks);
  const selectedLoop = useMapState((state) => state.selectedLoop);
  const filter = useMapState((state) => state.filter);
  const statements = useMapState((state) => state.statements);
  const onLoopStatements = useMapState((state) => state.onLoopStatements);
  const personFilter = useMapState((state) => state.personFilter);

  const edges = useMemo<LinkFlowEdge[]>(() => {
    const selected = new Set(selection.linkIds);
    const inSelectedLoop = selectedLoop ? new Set(selectedLoop.linkIds) : null;
    const shown = new Set(
      filter === 'all' ? [] : statements.filter((s) => isShown(filter, s, onLoopStatements.has(s.id))).map((s) => s.id),
    );
    return links.map((link) => {
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
          faded: (filter !== 'all' && !(shown.has(link.from) && shown.has(link.to))) || (personFilter !== null && link.createdBy !== personFilter),
        },
      };
    });
  }, [links, numbers, selection, onLoopLinks, selectedLoop, routes, filter, statements, onLoopStatements, personFilter]);

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
