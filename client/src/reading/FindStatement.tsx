import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { isMapKeyTarget } from '../map/shortcuts';
import { useMapState, useSession } from '../map/session-context';
import { findStatements } from './find-statements';

/**
 * "Go to statement N" and find by text: type a number or words, pick a result (arrows and
 * Enter), and the view moves to that statement and selects it. `/` or `G` jumps here.
 */
export function FindStatement() {
  const session = useSession();
  const statements = useMapState((state) => state.statements);
  const { setCenter, getZoom } = useReactFlow();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const results = findStatements(statements, query);
  const open = query.trim() !== '';

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent | globalThis.KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || !isMapKeyTarget(event.target)) return;
      if (event.key === '/' || event.key === 'g' || event.key === 'G') {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const goTo = (id: string) => {
    const box = session.canvas.boxes.find((candidate) => candidate.id === id);
    if (!box) return;
    session.actions.setSelection({ statementIds: [id], linkIds: [] });
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    const zoom = Math.max(getZoom(), 0.9);
    setQuery('');
    requestAnimationFrame(() => {
      // Back to the canvas, on the statement, so the map's keys act on it at once.
      document.querySelector<HTMLElement>(`.react-flow__node[data-id="${id}"]`)?.focus();
      // Then close enough to read it. After the focus: React Flow moves a focused statement
      // into view at the zoom of the moment, which cut this short on a map zoomed far out.
      void setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration: reduce ? 0 : 300 });
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((at) => (results.length === 0 ? 0 : (at + step + results.length) % results.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = results[Math.min(active, results.length - 1)];
      if (chosen) goTo(chosen.id);
    } else if (event.key === 'Escape') {
      setQuery('');
      input.current?.blur();
    }
  };

  return (
    <div className="find-statement" role="search">
      <label className="visually-hidden" htmlFor={`${listId}-input`}>
        Find statement
      </label>
      <input
        ref={input}
        id={`${listId}-input`}
        type="search"
        placeholder="Go to number or find text (/)"
        value={query}
        autoComplete="off"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && results[active] ? `${listId}-${results[active].id}` : undefined}
        aria-keyshortcuts="/ G"
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul id={listId} className="find-results" role="listbox" aria-label="Statements found">
          {results.length === 0 && <li className="find-empty">No statement matches “{query.trim()}”</li>}
          {results.map((statement, index) => (
            <li
              key={statement.id}
              id={`${listId}-${statement.id}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'is-active' : undefined}
              onPointerDown={(event) => {
                event.preventDefault();
                goTo(statement.id);
              }}
            >
              <span className="find-number">{statement.number}</span> {statement.text || 'Empty statement'}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
