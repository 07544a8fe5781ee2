import { type DragEvent, useEffect, useId, useState } from 'react';
import type { CreatedMap } from '../app/api';
import { importMapFile } from './import-map';

interface ImportMapProps {
  onImported: (map: CreatedMap, title: string) => void;
}

type ImportState = { kind: 'idle' } | { kind: 'importing' } | { kind: 'failed'; message: string };

/** A file picker, a drop zone, and dropping a file anywhere on the page. */
export function ImportMap({ onImported }: ImportMapProps) {
  const [state, setState] = useState<ImportState>({ kind: 'idle' });
  const inputId = useId();

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setState({ kind: 'importing' });
    const result = await importMapFile(file);
    if (result.ok) onImported(result.map, result.title);
    else setState({ kind: 'failed', message: result.message });
  };

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
          onChange={(event) => {
            void importFile(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
      </div>
      {state.kind === 'importing' && <p className="note">Importing…</p>}
      {state.kind === 'failed' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
    </div>
  );
}
