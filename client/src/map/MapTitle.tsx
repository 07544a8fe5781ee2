import { type FormEvent, useId, useRef, useState } from 'react';
import { setTitle } from '@causal-map/shared/schema';
import { LOCAL } from './origins';
import { useSession } from './session-context';

/** Titles are stored in full up to this length (the server refuses longer ones on import). */
const MAX_TITLE = 500;

/**
 * The map's title. Anyone with the edit link can rename it (Rename, then Enter or Save), and
 * everyone sees the new title at once: it lives in the shared document (SPEC §1 `meta.title`).
 */
export function MapTitle({ title, editable }: { title: string; editable: boolean }) {
  const { doc } = useSession();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const renameButton = useRef<HTMLButtonElement>(null);
  const fieldId = useId();

  const finish = () => {
    setEditing(false);
    requestAnimationFrame(() => renameButton.current?.focus());
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim().slice(0, MAX_TITLE);
    if (next !== title) setTitle(doc, next, LOCAL);
    finish();
  };

  if (editing) {
    return (
      <form className="map-title-form" onSubmit={save}>
        <label htmlFor={fieldId} className="visually-hidden">
          Map title
        </label>
        <input
          id={fieldId}
          className="map-title-input"
          value={draft}
          maxLength={MAX_TITLE}
          placeholder="Untitled map"
          autoFocus
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            finish();
          }}
        />
        <button type="submit" className="primary">
          Save
        </button>
        <button type="button" onClick={finish}>
          Cancel
        </button>
      </form>
    );
  }
  return (
    <div className="map-title-row">
      <h1 className={title ? 'map-title' : 'map-title is-untitled'} title={title || undefined}>
        {title || 'Untitled map'}
      </h1>
      {editable && (
        <button
          ref={renameButton}
          type="button"
          className="quiet rename-button"
          title="Rename the map for everyone"
          onClick={() => {
            setDraft(title);
            setEditing(true);
          }}
        >
          Rename
        </button>
      )}
    </div>
  );
}
