import { useShallow } from 'zustand/react/shallow';
import { LayoutTools } from '../layout/LayoutMenu';
import { PinIcon } from './PinIcon';
import { useMapState, useSession } from './session-context';
import { VALENCE_DISPLAY, VALENCE_ORDER } from './valence';

interface ToolbarProps {
  onAddStatement: () => void;
  onOpenLinkDialog: () => void;
  onDelete: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** The editing tools; a view-only map has none. Every tool names its shortcut in its tooltip. */
export function Toolbar({ onAddStatement, onOpenLinkDialog, onDelete }: ToolbarProps) {
  const { actions } = useSession();
  const { selectedStatements, selectedLinks, canUndo, canRedo } = useMapState(
    useShallow((state) => ({
      selectedStatements: state.selection.statementIds,
      selectedLinks: state.selection.linkIds,
      canUndo: state.canUndo,
      canRedo: state.canRedo,
    })),
  );
  const valences = useMapState(
    useShallow((state) => {
      const selected = new Set(state.selection.statementIds);
      return state.statements.filter((s) => selected.has(s.id)).map((s) => s.valence);
    }),
  );
  const firstLinkPolarity = useMapState(
    (state) => state.links.find((link) => link.id === state.selection.linkIds[0])?.polarity ?? null,
  );
  const allPinned = useMapState((state) => {
    const selected = new Set(state.selection.statementIds);
    const chosen = state.statements.filter((s) => selected.has(s.id));
    return chosen.length > 0 && chosen.every((s) => s.pinned);
  });
  const oneStatement = selectedStatements.length === 1;
  const nothingSelected = selectedStatements.length + selectedLinks.length === 0;
  const polarityLabel = firstLinkPolarity === '-' ? 'Switch to may lead to' : 'Switch to may not lead to';

  return (
    <div className="toolbar" role="toolbar" aria-label="Map tools" data-shortcut-scope="map">
      <div className="tool-group">
        <button type="button" className="primary" title="Add statement (N)" aria-keyshortcuts="N" onClick={onAddStatement}>
          <span aria-hidden="true">+ </span>Add statement
        </button>
        <button
          type="button"
          title={oneStatement ? 'Link the selected statement to another (L)' : 'Select one statement to link it (L)'}
          aria-keyshortcuts="L"
          disabled={!oneStatement}
          onClick={onOpenLinkDialog}
        >
          Link to…
        </button>
        <button
          type="button"
          title="Delete the selection (Delete)"
          aria-keyshortcuts="Delete Backspace"
          disabled={nothingSelected}
          onClick={onDelete}
        >
          Delete
        </button>
      </div>
      <div className="tool-group" role="group" aria-label="Valence of the selected statements">
        {VALENCE_ORDER.map((valence) => {
          const display = VALENCE_DISPLAY[valence];
          const pressed = valences.length > 0 && valences.every((v) => v === valence);
          return (
            <button
              key={valence}
              type="button"
              className={`valence-button valence-button-${valence}`}
              aria-pressed={pressed}
              aria-label={display.action}
              aria-keyshortcuts={display.key}
              title={`${display.action} (${display.key})`}
              disabled={valences.length === 0}
              onClick={() => actions.setValence(valence)}
            >
              <span aria-hidden="true" className="valence-sign">
                {display.sign}
              </span>{' '}
              {/* "Bad for the person" in full where there is room; "Bad" on narrower screens. */}
              <span aria-hidden="true">{display.word}</span>
              {display.action !== display.word && (
                <span aria-hidden="true" className="long-label">
                  {display.action.slice(display.word.length)}
                </span>
              )}
            </button>
          );
        })}
      </div>
      {/* Always there, enabled by what is selected: selecting must never shift the map below. */}
      <div className="tool-group">
        <button
          type="button"
          className="pin-button"
          aria-pressed={allPinned}
          disabled={selectedStatements.length === 0}
          title={
            selectedStatements.length === 0
              ? 'Select statements to pin them: layouts leave them where they are'
              : allPinned
                ? 'Unpin: layouts may move it again'
                : 'Pin: layouts leave it where it is'
          }
          onClick={() => actions.setPinned(!allPinned)}
        >
          <PinIcon /> <span className="tool-text">{allPinned ? 'Pinned' : 'Pin'}</span>
        </button>
        <button
          type="button"
          aria-label={firstLinkPolarity ? polarityLabel : 'Switch a link between may lead to and may not lead to'}
          title={firstLinkPolarity ? `${polarityLabel} (P)` : 'Select a link to switch it between may lead to and may not lead to (P)'}
          aria-keyshortcuts="P"
          disabled={!firstLinkPolarity}
          onClick={() => actions.togglePolarity()}
        >
          <span aria-hidden="true">+/− </span>
          <span className="tool-text">Switch</span>
        </button>
      </div>
      <LayoutTools />
      <div className="tool-group">
        <button
          type="button"
          title={`Undo your last change (${MOD}Z)`}
          aria-keyshortcuts="Control+Z Meta+Z"
          disabled={!canUndo}
          onClick={() => actions.undo()}
        >
          <span aria-hidden="true">↶ </span>
          <span className="tool-text">Undo</span>
        </button>
        <button
          type="button"
          title={`Redo (${isMac ? '⇧⌘Z' : 'Ctrl+Shift+Z or Ctrl+Y'})`}
          aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
          disabled={!canRedo}
          onClick={() => actions.redo()}
        >
          <span aria-hidden="true">↷ </span>
          <span className="tool-text">Redo</span>
        </button>
      </div>
    </div>
  );
}
