import { type FormEvent, useId, useState } from 'react';
import { type CreatedMap, createMap } from '../app/api';

interface CreateMapFormProps {
  onCreated: (map: CreatedMap, title: string) => void;
}

type FormState = { kind: 'idle' } | { kind: 'creating' } | { kind: 'failed'; message: string };

export function CreateMapForm({ onCreated }: CreateMapFormProps) {
  const [title, setTitle] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [state, setState] = useState<FormState>({ kind: 'idle' });
  const inputId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = title.trim();
    setState({ kind: 'creating' });
    const result = await createMap(anonymous ? { title: trimmed, anonymous } : { title: trimmed });
    if (result.ok) onCreated(result.value, trimmed);
    else setState({ kind: 'failed', message: result.message });
  };

  return (
    <form className="create-form" onSubmit={submit}>
      <label htmlFor={inputId}>Map title</label>
      <div className="inline-field">
        <input
          id={inputId}
          value={title}
          maxLength={500}
          placeholder="e.g. Mrs A, March review"
          onChange={(event) => setTitle(event.target.value)}
        />
        <button type="submit" className="primary" disabled={state.kind === 'creating'}>
          Create map
        </button>
      </div>
      <label className="check-row">
        <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.target.checked)} /> Anonymous map: do not record who
        added each statement and link
      </label>
      {state.kind === 'failed' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
    </form>
  );
}
