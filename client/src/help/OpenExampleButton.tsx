import { useState } from 'react';
import { openExample } from './open-example';

type OpeningState = { kind: 'idle' } | { kind: 'opening' } | { kind: 'failed'; message: string };

interface OpenExampleButtonProps {
  /** One line under the button, in the words of where it sits. */
  hint: string;
  /** Where to go once the example exists; a full page load by default, so no map state lingers. */
  go?: (url: string) => void;
}

const assign = (url: string) => window.location.assign(url);

/** "Open the example (dementia case)": a new map made from the example, then straight there. */
export function OpenExampleButton({ hint, go = assign }: OpenExampleButtonProps) {
  const [state, setState] = useState<OpeningState>({ kind: 'idle' });
  const opening = state.kind === 'opening';

  const open = async () => {
    if (opening) return;
    setState({ kind: 'opening' });
    const result = await openExample();
    if (result.ok) go(result.url);
    else setState({ kind: 'failed', message: result.message });
  };

  return (
    <div className="open-example">
      {/* aria-disabled, not disabled: a disabled button drops keyboard focus to the page. */}
      <button type="button" onClick={() => void open()} aria-disabled={opening} aria-busy={opening}>
        Open the example (dementia case)
      </button>
      <p className="open-example-hint">{hint}</p>
      <p className="open-example-status" role="status">
        {opening ? 'Opening the example…' : ''}
      </p>
      {state.kind === 'failed' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
    </div>
  );
}
