import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { LINK_REFUSAL_MESSAGES } from '@causal-map/shared/link';
import type { NumberedStatement } from '@causal-map/shared/map-view';
import type { Polarity } from '@causal-map/shared/schema';
import { findStatements } from '../reading/find-statements';
import { Dialog } from './Dialog';
import { useMapState, useSession } from './session-context';

interface LinkDialogProps {
  fromId: string;
  onClose: () => void;
}

/** Up to this many statements are listed before anything is typed; more ask for a search. */
const LIST_ALL_UP_TO = 30;
const FOUND_AT_MOST = 30;

const preview = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}…` : text) || 'Empty statement';

function candidatesFor(others: NumberedStatement[], query: string): NumberedStatement[] {
  if (query.trim()) return findStatements(others, query, FOUND_AT_MOST);
  return others.length <= LIST_ALL_UP_TO ? others : [];
}

/**
 * The keyboard way to draw a link: find the statement this one leads to by its number or its
 * words, pick how it leads there, Enter. Nothing is chosen until the person chooses.
 */
export function LinkDialog({ fromId, onClose }: LinkDialogProps) {
  const { actions } = useSession();
  const statements = useMapState((state) => state.statements);
  const from = statements.find((s) => s.id === fromId);
  const others = statements.filter((s) => s.id !== fromId);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<NumberedStatement | null>(null);
  const [polarity, setPolarity] = useState<Polarity>('+');
  const [message, setMessage] = useState('');
  const id = useId();
  const candidates = chosen ? [] : candidatesFor(others, query);
  const activeOption = candidates[active];

  const addLink = (target: NumberedStatement | null | undefined) => {
    if (!target) {
      setMessage('Choose the statement it leads to: type its number or words from it.');
      return;
    }
    const result = actions.addLink(fromId, target.id, polarity, true);
    if (!result) return;
    if (result.ok) onClose();
    else setMessage(LINK_REFUSAL_MESSAGES[result.reason]);
  };

  const choose = (target: NumberedStatement) => {
    setChosen(target);
    setQuery(`${target.number} ${preview(target.text)}`);
    setActive(-1);
    setMessage('');
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    addLink(chosen ?? activeOption);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    if (candidates.length === 0) return;
    const last = candidates.length - 1;
    if (event.key === 'ArrowDown') setActive((at) => (at >= last ? 0 : at + 1));
    else setActive((at) => (at <= 0 ? last : at - 1));
  };

  if (!from) return null;
  return (
    <Dialog title={`Link statement ${from.number}`} onClose={onClose} className="link-dialog">
      <form onSubmit={submit}>
        <p className="dialog-hint">
          <strong>{from.number}</strong> {preview(from.text)}
        </p>
        {others.length === 0 ? (
          <p>There is no other statement yet. Add another statement first.</p>
        ) : (
          <>
            <label htmlFor={`${id}-target`}>Leads to statement</label>
            <div className="link-target">
              <input
                id={`${id}-target`}
                type="text"
                role="combobox"
                autoComplete="off"
                placeholder="Type its number or words from it"
                aria-expanded={candidates.length > 0}
                aria-controls={`${id}-list`}
                aria-autocomplete="list"
                aria-activedescendant={activeOption ? `${id}-${activeOption.id}` : undefined}
                aria-describedby={`${id}-help`}
                value={query}
                onChange={(event) => {
                  setQuery(event.target.value);
                  setChosen(null);
                  setActive(event.target.value.trim() ? 0 : -1);
                  setMessage('');
                }}
                onKeyDown={onKeyDown}
              />
              <ul id={`${id}-list`} role="listbox" aria-label="Statements" className="link-targets" data-testid="link-targets">
                {candidates.map((statement, index) => (
                  <li
                    key={statement.id}
                    id={`${id}-${statement.id}`}
                    role="option"
                    aria-selected={index === active}
                    className={index === active ? 'is-active' : undefined}
                    onPointerDown={(event) => {
                      event.preventDefault();
                      choose(statement);
                    }}
                  >
                    <span className="find-number">{statement.number}</span> {preview(statement.text)}
                  </li>
                ))}
              </ul>
            </div>
            <p id={`${id}-help`} className="note">
              {chosen
                ? `Chosen: statement ${chosen.number}. Enter adds the link.`
                : query.trim() && candidates.length === 0
                  ? `No statement matches “${query.trim()}”.`
                  : 'Arrows pick from the list; Enter adds the link.'}
            </p>
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
          {message}
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
