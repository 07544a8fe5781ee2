import { Suspense, lazy, useState } from 'react';
import { useMapState } from '../map/session-context';
import { type LayoutDirection, useLayoutCommands } from './use-layout-commands';
import { useMenuButton } from '../map/use-menu-button';

// Loaded when the menu first opens: the map's first paint does not wait for it.
const Menu = lazy(() => import('../map/Menu'));

const DIRECTION_LABELS: Record<LayoutDirection, string> = {
  RIGHT: 'Tidy up, left to right',
  DOWN: 'Tidy up, top to bottom',
};

/**
 * Tidy up (the whole map, laid out so arrows run one way), and a Layout menu with the direction
 * and Arrange loop. Pinning is on the toolbar and in each statement's menu.
 */
export function LayoutTools() {
  const { tidyUp, arrangeLoop } = useLayoutCommands();
  const layingOut = useMapState((state) => state.layingOut);
  const hasSelectedLoop = useMapState((state) => state.selectedLoop !== null);
  const [direction, setDirection] = useState<LayoutDirection>('RIGHT');
  const { open, opener, close, toggle } = useMenuButton();

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
          onClick={toggle}
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
              ]}
            />
          </Suspense>
        )}
      </div>
    </div>
  );
}
