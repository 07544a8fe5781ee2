import type { Loop } from '@causal-map/shared/analysis/types';
import { Dialog } from '../map/Dialog';
import { useSession } from '../map/session-context';
import { breaksSentence, loopLabel } from './broken-loops';

interface ConfirmDeleteDialogProps {
  loops: Loop[];
  onClose: () => void;
}

/**
 * Asked before a delete breaks a loop the team titled, annotated or that was flagged: the
 * loop and its place in the list would vanish for everyone. After the delete, this person can
 * take it back from the message that says what they broke.
 */
export function ConfirmDeleteDialog({ loops, onClose }: ConfirmDeleteDialogProps) {
  const { actions } = useSession();
  const confirm = () => {
    actions.deleteSelected();
    actions.showToast(`You broke ${loops.map(loopLabel).join(' and ')}`, { label: 'Undo', run: () => actions.undo() });
    onClose();
  };
  return (
    <Dialog title="Delete and break a loop?" onClose={onClose}>
      <p data-testid="breaks-loop">{breaksSentence(loops)}</p>
      <p className="note">Everyone sees it go. Its title and note are kept, and come back if the loop is closed again.</p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={confirm}>
          Delete anyway
        </button>
      </div>
    </Dialog>
  );
}
