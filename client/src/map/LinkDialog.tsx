import { type FormEvent, useId, useState } from 'react';
import { LINK_REFUSAL_MESSAGES } from '@causal-map/shared/link';
import type { Polarity } from '@causal-map/shared/schema';
import { Dialog } from './Dialog';
import { useMapState, useSession } from './session-context';

interface LinkDialogProps {
  fromId: string;
  onClose: () => void;
}

const preview = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text) || 'Empty statement';

/** The keyboard way to draw a link: pick the statement this one leads to, and how. */
export function LinkDialog({ fromId, onClose }: LinkDialogProps) {
  const { actions } = useSession();
  const statements = useMapState((state) => state.statements);
  const from = statements.find((s) => s.id === fromId);
  const others = statements.filter((s) => s.id !== fromId);
  const [toId, setToId] = useState(others[0]?.id ?? '');
  const [polarity, setPolarity] = useState<Polarity>('+');
  const [refusal, setRefusal] = useState('');
  const selectId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!toId) return;
    const result = actions.addLink(fromId, toId, polarity, true);
    if (!result) return;
    if (result.ok) onClose();
    else setRefusal(LINK_REFUSAL_MESSAGES[result.reason]);
  };

  if (!from) return null;
  return (
    <Dialog title={`Link statement ${from.number}`} onClose={onClose}>
      <form onSubmit={submit}>
        <p className="dialog-hint">
          <strong>{from.number}</strong> {preview(from.text)}
        </p>
        {others.length === 0 ? (
          <p>There is no other statement yet. Add another statement first.</p>
        ) : (
          <>
            <label htmlFor={selectId}>Leads to statement</label>
            <select
              id={selectId}
              value={toId}
              onChange={(event) => {
                setToId(event.target.value);
                setRefusal('');
              }}
            >
              {others.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.number} — {preview(s.text)}
                </option>
              ))}
            </select>
            <fieldset className="polarity-choice">
              <legend>Statement {from.number}…</legend>
              <label>
                <input type="radio" name="polarity" value="+" checked={polarity === '+'} onChange={() => setPolarity('+')} />
                may lead to
              </label>
              <label>
                <input type="radio" name="polarity" value="-" checked={polarity === '-'} onChange={() => setPolarity('-')} />
                may not lead to
              </label>
            </fieldset>
          </>
        )}
        <p role="status" className="error">
          {refusal}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={others.length === 0}>
            Add link
          </button>
        </div>
      </form>
    </Dialog>
  );
}
