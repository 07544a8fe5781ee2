import { useId, useRef, useState } from 'react';
import { mapHref } from '../app/routes';
import { Dialog } from './Dialog';
import { ReplaceLinks } from './ReplaceLinks';

interface ShareDialogProps {
  mapId: string;
  /** Known only to people who can edit. */
  editToken: string | null;
  viewToken: string | null;
  onClose: () => void;
}

function LinkField({ label, url, hint }: { label: string; url: string; hint: string }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'select'>('no');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // No clipboard access (insecure origin, denied): select the text for Ctrl+C instead.
      input.current?.focus();
      input.current?.select();
      setCopied('select');
    }
  };

  return (
    <div className="share-field">
      <label htmlFor={inputId}>{label}</label>
      <p className="dialog-hint">{hint}</p>
      <div className="inline-field">
        <input id={inputId} ref={input} readOnly value={url} onFocus={(event) => event.target.select()} />
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="note" aria-live="polite">
        {copied === 'yes' ? 'Copied.' : copied === 'select' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </p>
    </div>
  );
}

/**
 * The links to give to others: one to edit with, one to look only; and, for people who can
 * edit, new links to replace ones that went to the wrong person.
 */
export function ShareDialog({ mapId, editToken, viewToken, onClose }: ShareDialogProps) {
  const origin = window.location.origin;
  const editUrl = editToken ? origin + mapHref(mapId, editToken, viewToken) : null;
  const viewUrl = viewToken ? origin + mapHref(mapId, viewToken) : null;
  // A replaced link is a new field: "Copied." was about the old one.
  return (
    <Dialog title="Share this map" onClose={onClose} className="share-dialog">
      {editUrl && (
        <LinkField
          key={editUrl}
          label="Edit link"
          url={editUrl}
          hint="Anyone with this link can change the map. Share it only with the care team."
        />
      )}
      {viewUrl && (
        <LinkField
          key={viewUrl}
          label="View-only link"
          url={viewUrl}
          hint="Anyone with this link can look at the map but not change it."
        />
      )}
      {editToken && <ReplaceLinks mapId={mapId} editToken={editToken} viewToken={viewToken} />}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
