import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import type { CreatedMap } from '../app/api';
import { type ImportRefusal, importMapFiles } from './import-map';

interface ImportMapProps {
  onImported: (map: CreatedMap, title: string) => void;
}

type ImportState = { kind: 'idle' } | { kind: 'importing' } | { kind: 'failed'; refusal: ImportRefusal };

/**
 * A file picker, a drop zone, and dropping files anywhere on the page: one map file (.json), or
 * CSV tables, statements alone or statements and links together.
 */
export function ImportMap({ onImported }: ImportMapProps) {
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const inputId = useId();
  const problemsId = useId();
  const hintId = useId();
  const problemsRef = useRef<HTMLDivElement>(null);

  const importFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setState({ kind: 'importing' });
    const result = await importMapFiles(files);
    if (result.ok) onImported(result.map, result.title);
    else setState({ kind: 'failed', refusal: result });
  };

  // The import card sits low on the home page: bring the problems up to where the person looks.
  useEffect(() => {
    if (state.kind === 'failed') problemsRef.current?.scrollIntoView({ block: 'nearest' });
  }, [state]);

  // The whole page is a drop target, so dropping a file just off the zone still imports it.
  useEffect(() => {
    const allow = (event: globalThis.DragEvent) => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    const drop = (event: globalThis.DragEvent) => {
      if (!event.dataTransfer?.files.length) return;
      event.preventDefault();
      void importFiles([...event.dataTransfer.files]);
    };
    window.addEventListener('dragover', allow);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', allow);
      window.removeEventListener('drop', drop);
    };
  });

  const allowDrop = (event: DragEvent) => event.preventDefault();

  return (
    <div className="import">
      <div className="drop-zone" onDragOver={allowDrop}>
        <p>Drop a map file (.json) or CSV tables (.csv) here, or choose them:</p>
        <label htmlFor={inputId}>Import a map file (.json) or CSV tables (.csv)</label>
        <p id={hintId} className="import-hint">
          CSV: a statements table with a &ldquo;text&rdquo; column, and if you like a links table with
          &ldquo;from&rdquo;, &ldquo;to&rdquo; and &ldquo;polarity&rdquo; columns; choose both at once.
        </p>
        <input
          id={inputId}
          type="file"
          accept=".json,.csv,application/json,text/csv"
          multiple
          disabled={state.kind === 'importing'}
          aria-describedby={state.kind === 'failed' ? problemsId : hintId}
          onChange={(event) => {
            // Taken before the input is cleared, which empties its list of files.
            const files = [...(event.target.files ?? [])];
            event.target.value = '';
            void importFiles(files);
          }}
        />
        {state.kind === 'importing' && <p className="note">Importing…</p>}
        {state.kind === 'failed' && (
          <div id={problemsId} ref={problemsRef} role="alert" className="import-problems">
            <p>{state.refusal.message}</p>
            {state.refusal.problems.length > 0 && (
              <ul>
                {state.refusal.problems.map((problem, index) => (
                  <li key={index}>{problem}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
