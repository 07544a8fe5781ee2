import { useCallback, useMemo } from 'react';
import { type EdgeChange, MarkerType } from '@xyflow/react';
import { type LinkFlowEdge, linkSentence, loopMarkOf } from './flow-types';
import { useMapState, useSession } from './session-context';

const ARROW_COLOR = '#334155';
const SELECTED_COLOR = '#1d4ed8';
const HIGHLIGHT_COLOR = '#7c3aed';

/** The live links as React Flow edges; selection goes to the session. */
export function useLinkEdges() {
  const session = useSession();
  const links = useMapState((state) => state.links);
  const numbers = useMapState((state) => state.numbers);
  const selection = useMapState((state) => state.selection);
  const onLoopLinks = useMapState((state) => state.onLoopLinks);
  const selectedLoop = useMapState((state) => state.selectedLoop);

  const edges = useMemo<LinkFlowEdge[]>(() => {
    const pairs = new Set(links.map((link) => `${link.from}>${link.to}`));
    const selected = new Set(selection.linkIds);
    const inSelectedLoop = selectedLoop ? new Set(selectedLoop.linkIds) : null;
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
          hasReverse: pairs.has(`${link.to}>${link.from}`),
          onLoop: onLoopLinks.has(link.id),
          loopMark,
        },
      };
    });
  }, [links, numbers, selection, onLoopLinks, selectedLoop]);

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
