import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { MAX_COMMENT_LENGTH } from '@causal-map/shared/comments';

interface CommentBoxProps {
  label: string;
  button: string;
  initial?: string;
  onSend: (text: string) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** Where a comment is written: Ctrl/⌘+Enter sends it, Esc cancels a reply or an edit. */
export function CommentBox({ label, button, initial = '', onSend, onCancel, autoFocus = false }: CommentBoxProps) {
  const [text, setText] = useState(initial);
  const id = useId();
  const send = (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim()) return;
    onSend(text);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) send();
    else if (event.key === 'Escape' && onCancel) {
      event.preventDefault();
      event.stopPropagation();
      onCancel();
    }
  };
  return (
    <form className="comment-box" onSubmit={send}>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        value={text}
        placeholder={label}
        maxLength={MAX_COMMENT_LENGTH}
        rows={2}
        autoFocus={autoFocus}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="comment-box-actions">
        {onCancel && (
          <button type="button" className="quiet" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" disabled={!text.trim()} title="Ctrl+Enter">
          {button}
        </button>
      </div>
    </form>
  );
}
