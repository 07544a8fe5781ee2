import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Loop } from '@causal-map/shared/analysis/types';
import { isContested } from '@causal-map/shared/marks';
import { useMapState, useSession } from '../map/session-context';
import { LoopRow } from './LoopRow';

/** Rows drawn at first; thousands of rows at once would make the page sluggish. */
const PAGE = 200;
/** Rows drawn on each side of a selected loop further down than the rows drawn from the top. */
const AROUND = 25;

interface Row {
  index: number;
  loop: Loop;
}

function rowsOf(loops: readonly Loop[], start: number, end: number): Row[] {
  return loops.slice(start, end).map((loop, offset) => ({ index: start + offset, loop }));
}

/**
 * The loops as a single-select listbox: the selection follows the arrow keys, and the
 * selected loop is highlighted on the map.
 */
export function LoopList() {
  const { loops: loopActions } = useSession();
  const loops = useMapState((state) => state.loops);
  const selectedKey = useMapState((state) => state.selectedLoopKey);
  const marks = useMapState((state) => state.marks);
  const [limit, setLimit] = useState(PAGE);
  const listRef = useRef<HTMLUListElement>(null);
  const baseId = useId();
  const selectedIndex = useMemo(() => loops.findIndex((loop) => loop.key === selectedKey), [loops, selectedKey]);
  const shown = Math.min(loops.length, limit);
  // The selected loop is always drawn, with a few of its neighbours, even far down the list.
  const around =
    selectedIndex >= shown
      ? rowsOf(loops, Math.max(shown, selectedIndex - AROUND), Math.min(loops.length, selectedIndex + AROUND + 1))
      : [];

  // Stepping with the keyboard, or a notice's "Show loop", brings the row into view.
  useEffect(() => {
    if (selectedIndex === -1) return;
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex]);

  if (loops.length === 0) {
    return (
      <p className="loop-empty" data-testid="loops-empty">
        No loops yet. A loop appears when arrows lead back to where they started.
      </p>
    );
  }

  const selectAt = (index: number) => {
    const loop = loops[Math.max(0, Math.min(loops.length - 1, index))];
    if (loop) loopActions.selectLoop(loop.key);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'ArrowDown') selectAt(selectedIndex + 1);
    else if (event.key === 'ArrowUp') selectAt(selectedIndex === -1 ? loops.length - 1 : selectedIndex - 1);
    else if (event.key === 'Home') selectAt(0);
    else if (event.key === 'End') selectAt(loops.length - 1);
    else if (event.key === 'Enter' || event.key === ' ') selectAt(Math.max(0, selectedIndex));
    // The map's loop keys mean the same here.
    else if (event.key === ']' || event.key === '[') loopActions.stepLoop(event.key === ']' ? 1 : -1);
    else return;
    // Enter here must not also open the selected statement for typing (map shortcuts).
    event.preventDefault();
  };

  return (
    <>
      <ul
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label="Loops, in the order they were closed"
        aria-activedescendant={selectedIndex === -1 ? undefined : `${baseId}-${selectedIndex}`}
        className="loop-list"
        onKeyDown={onKeyDown}
      >
        {[...rowsOf(loops, 0, shown), ...around].map(({ index, loop }) => (
          <LoopRow
            key={loop.key}
            afterGap={index === around[0]?.index && index > shown}
            id={`${baseId}-${index}`}
            position={index + 1}
            count={loops.length}
            loop={loop}
            selected={index === selectedIndex}
            contested={loop.linkIds.some((id) => isContested(marks.get(id)))}
            onSelect={loopActions.selectLoop}
          />
        ))}
      </ul>
      {shown < loops.length && (
        <button type="button" className="quiet loop-more" onClick={() => setLimit(shown + PAGE)}>
          Show {Math.min(PAGE, loops.length - shown)} more
        </button>
      )}
    </>
  );
}
