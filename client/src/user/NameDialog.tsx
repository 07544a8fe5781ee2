import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { saveName } from './identity';

interface NameDialogProps {
  /** The current name when changing it; empty the first time. */
  initialName?: string;
  /** Present when the person may close without answering (changing, not joining). */
  onCancel?: () => void;
  onDone: (name: string) => void;
}

/** Asks for the name the others will see next to this person's cursor and edits. */
export function NameDialog({ initialName = '', onCancel, onDone }: NameDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(initialName);
  const titleId = useId();
  const inputId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    saveName(trimmed);
    onDone(trimmed);
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape may only close the dialog when there is something to go back to.
        if (!onCancel) event.preventDefault();
        else onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{onCancel ? 'Change the name others see' : 'Who are you?'}</h2>
        <p className="dialog-hint">Others on this map see this name next to your cursor and changes.</p>
        <label htmlFor={inputId}>Your name</label>
        <input
          id={inputId}
          value={name}
          autoFocus
          maxLength={60}
          autoComplete="name"
          placeholder="e.g. Ana (district nurse)"
          onChange={(event) => setName(event.target.value)}
        />
        <div className="dialog-actions">
          {onCancel && (
            <button type="button" onClick={onCancel}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary" disabled={!name.trim()}>
            {onCancel ? 'Save' : 'Join'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
