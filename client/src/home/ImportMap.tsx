import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import type { CreatedMap } from '../app/api';
import { type ImportRefusal, importMapFile } from './import-map';

interface ImportMapProps {
  onImported: (map: CreatedMap, title: string) => void;
}

type ImportState = { kind: 'idle' } | { kind: 'importing' } | { kind: 'failed'; refusal: ImportRefusal };

/** A file picker, a drop zone, and dropping a file anywhere on the page. */
export function ImportMap({ onImported }: ImportMapProps) {
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const inputId = useId();
  const problemsId = useId();
  const problemsRef = useRef<HTMLDivElement>(null);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setState({ kind: 'importing' });
    const result = await importMapFile(file);
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
      void importFile(event.dataTransfer.files[0]);
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
        <p>Drop a map file (.json) here, or choose one:</p>
        <label htmlFor={inputId}>Import a map file (.json)</label>
        <input
          id={inputId}
          type="file"
          accept=".json,application/json"
          disabled={state.kind === 'importing'}
          aria-describedby={state.kind === 'failed' ? problemsId : undefined}
          onChange={(event) => {
            void importFile(event.target.files?.[0]);
            event.target.value = '';
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
