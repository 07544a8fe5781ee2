import { type FormEvent, useId, useState } from 'react';
import type { ExportFormat } from '@causal-map/shared/export/formats';
import { Dialog } from '../map/Dialog';
import { useSession } from '../map/session-context';

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'pdf', label: 'PDF report' },
  { value: 'png', label: 'PNG image' },
  { value: 'svg', label: 'SVG image' },
  { value: 'json', label: 'Map file (JSON)' },
  { value: 'csv', label: 'Statements table (CSV)' },
];

/** The value of a datetime-local field for a moment, in this person's time zone. */
function localValue(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 19);
}

/**
 * Exports the map as it was at a chosen moment (the server rebuilds it from its journal): for
 * a report on how the case stood at last week's case conference.
 */
export default function ExportMomentDialog({ token, onClose }: { token: string; onClose: () => void }) {
  const session = useSession();
  const [when, setWhen] = useState(() => localValue(Date.now() - 60 * 60_000));
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'working' } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const at = new Date(when).getTime();
    if (!Number.isFinite(at)) {
      setState({ kind: 'failed', message: 'Choose a day and a time.' });
      return;
    }
    setState({ kind: 'working' });
    try {
      const { makeExport, saveFile } = await import('./export-files');
      saveFile(await makeExport(session, token, { format, at, paper: 'a4' }));
      onClose();
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <Dialog title="Export the map as it was" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <p className="dialog-hint">The map with the statements, links, words and loops it had at that moment.</p>
        <label htmlFor={`${id}-when`}>As it was on</label>
        <input id={`${id}-when`} type="datetime-local" step={1} value={when} max={localValue(Date.now())} onChange={(event) => setWhen(event.target.value)} required />
        <label htmlFor={`${id}-format`}>As</label>
        <select id={`${id}-format`} value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
          {FORMATS.map((each) => (
            <option key={each.value} value={each.value}>
              {each.label}
            </option>
          ))}
        </select>
        <p role="alert" className="error">
          {state.kind === 'failed' ? state.message : ''}
        </p>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={state.kind === 'working'}>
            {state.kind === 'working' ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
