import { Dialog } from '../map/Dialog';
import { ReadingHelp, ViciousLoopHelp } from './ReadingHelp';
import { ShortcutsHelp } from './ShortcutsHelp';

interface HelpSheetProps {
  onClose: () => void;
  /** False on a view-only map: the editing keys are left out, and the sheet says why. */
  editable: boolean;
}

/**
 * The help sheet (the `?` key): the keyboard shortcuts, how to read the map, and what a vicious
 * loop is. A default export so the map page can load it only when someone asks for help.
 */
export default function HelpSheet({ onClose, editable }: HelpSheetProps) {
  return (
    <Dialog title="Help" onClose={onClose} className="help-sheet">
      {/* First in the dialog, so it takes the focus and the sheet opens at its top. */}
      <button type="button" className="help-close" onClick={onClose}>
        Close
      </button>
      {/* Focusable, so the long sheet scrolls with the keyboard too. */}
      <div className="help-body" tabIndex={0} role="region" aria-label="Help topics">
        <ShortcutsHelp editable={editable} />
        <ReadingHelp />
        <ViciousLoopHelp />
      </div>
    </Dialog>
  );
}
