import { type KeyboardEvent, useEffect, useRef } from 'react';
import { LOCAL } from './origins';
import { useMapState, useSession } from './session-context';
import { bindTextarea } from './text-binding';

function focusStatement(id: string): void {
  const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
  node?.focus();
}

/** The inline editor of a statement's text, bound to its Y.Text so several people can type. */
export function StatementEditor({ id }: { id: string }) {
  const session = useSession();
  const textarea = useRef<HTMLTextAreaElement>(null);
  // A draft is not in the document yet: its first character makes it a statement.
  const isDraft = useMapState((state) => state.draft?.id === id);

  useEffect(() => {
    const element = textarea.current;
    if (!element) return undefined;
    const text = isDraft ? undefined : session.actions.textOf(id);
    if (!isDraft && !text) return undefined;
    let unbind: () => void;
    if (text) {
      // What was typed between the first character and now goes in too.
      const typed = element.value;
      unbind = bindTextarea(element, text, LOCAL);
      if (typed.length > element.value.length && typed.startsWith(element.value)) {
        element.value = typed;
        element.dispatchEvent(new Event('input'));
      }
    } else {
      const onInput = () => session.actions.commitDraft(element.value);
      element.addEventListener('input', onInput);
      unbind = () => element.removeEventListener('input', onInput);
    }
    // React Flow keeps a new node hidden until it has measured it, and a hidden textarea cannot
    // take focus: try again on the next frames until it has it.
    let frame = 0;
    let tries = 0;
    const focus = () => {
      element.focus();
      if (document.activeElement === element) {
        element.setSelectionRange(element.value.length, element.value.length);
      } else if (tries++ < 30) {
        frame = requestAnimationFrame(focus);
      }
    };
    focus();
    return () => {
      cancelAnimationFrame(frame);
      unbind();
    };
  }, [session, id, isDraft]);

  const finish = () => {
    session.actions.stopEditing();
    focusStatement(id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Keys typed here are text, not map shortcuts.
    event.stopPropagation();
    const command = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (event.key === 'Escape' || (event.key === 'Enter' && !event.shiftKey && !command)) {
      event.preventDefault();
      finish();
    } else if (command && key === 'z') {
      // Undo through Yjs, so only this person's typing is taken back, not the others'.
      event.preventDefault();
      if (event.shiftKey) session.actions.redo();
      else session.actions.undo();
    } else if (command && key === 'y') {
      event.preventDefault();
      session.actions.redo();
    }
  };

  return (
    <textarea
      ref={textarea}
      className="statement-input nodrag nowheel nopan"
      aria-label="Statement text"
      placeholder="What is happening?"
      rows={2}
      maxLength={10000}
      onKeyDown={onKeyDown}
      onBlur={() => {
        if (session.store.getState().editingId === id) session.actions.stopEditing();
      }}
    />
  );
}
