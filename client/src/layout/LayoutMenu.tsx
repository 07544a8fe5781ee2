import { Suspense, lazy, useCallback, useRef, useState } from 'react';
import { useMapState, useSession } from '../map/session-context';
import { type LayoutDirection, useLayoutCommands } from './use-layout-commands';

// Loaded when the menu first opens: the map's first paint does not wait for it.
const Menu = lazy(() => import('../map/Menu'));

const DIRECTION_LABELS: Record<LayoutDirection, string> = {
  RIGHT: 'Tidy up, left to right',
  DOWN: 'Tidy up, top to bottom',
};

/**
 * Tidy up (the whole map, laid out so arrows run one way), and a Layout menu with the direction,
 * Arrange loop and pinning.
 */
export function LayoutTools() {
  const { actions } = useSession();
  const { tidyUp, arrangeLoop } = useLayoutCommands();
  const layingOut = useMapState((state) => state.layingOut);
  const selectedPins = useMapState((state) => {
    const selected = new Set(state.selection.statementIds);
    const chosen = state.statements.filter((s) => selected.has(s.id));
    return chosen.length === 0 ? 'none' : chosen.every((s) => s.pinned) ? 'all' : 'some';
  });
  const hasSelectedLoop = useMapState((state) => state.selectedLoop !== null);
  const [direction, setDirection] = useState<LayoutDirection>('RIGHT');
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = useCallback((restoreFocus: boolean) => {
    setOpen(false);
    if (restoreFocus) opener.current?.focus();
  }, []);

  const tidyItem = (next: LayoutDirection) => ({
    label: DIRECTION_LABELS[next],
    disabled: layingOut,
    title: next === direction ? 'What Tidy up does now' : undefined,
    onSelect: () => {
      setDirection(next);
      tidyUp(next);
    },
  });

  return (
    <div className="tool-group layout-tools">
      <button
        type="button"
        title={`${DIRECTION_LABELS[direction]}: arrows run one way, pinned statements stay put`}
        disabled={layingOut}
        aria-busy={layingOut}
        onClick={() => tidyUp(direction)}
      >
        {layingOut ? 'Tidying…' : 'Tidy up'}
      </button>
      <div className="menu-anchor">
        <button
          ref={opener}
          type="button"
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={open ? 'layout-menu' : undefined}
          onClick={() => setOpen((was) => !was)}
        >
          Layout <span aria-hidden="true">▾</span>
        </button>
        {open && (
          <Suspense fallback={null}>
            <Menu
              id="layout-menu"
              label="Layout"
              opener={opener}
              onClose={close}
              items={[
                tidyItem('RIGHT'),
                tidyItem('DOWN'),
                {
                  label: 'Arrange loop',
                  disabled: layingOut,
                  title: hasSelectedLoop ? 'The selected loop on a circle' : 'Every vicious loop on a circle',
                  onSelect: arrangeLoop,
                },
                {
                  label: selectedPins === 'all' ? 'Unpin selected statements' : 'Pin selected statements',
                  disabled: selectedPins === 'none',
                  onSelect: () => actions.setPinned(selectedPins !== 'all'),
                },
              ]}
            />
          </Suspense>
        )}
      </div>
    </div>
  );
}
