import { useEffect, useId, useRef, useState } from 'react';
import { type ReplaceOutcome, type Replacement, replaceLink } from './replace-links';
import { useSession } from './session-context';

interface ReplaceLinksProps {
  mapId: string;
  editToken: string;
  viewToken: string | null;
}

type Step = { kind: 'choosing' } | { kind: 'confirming'; which: Replacement } | { kind: 'working'; which: Replacement };

const QUESTION: Record<Replacement, string> = {
  edit: 'Make a new edit link?',
  view: 'Make a new view-only link?',
};

/** For a link that reached the wrong person: a new one, and the old one stops working. */
export function ReplaceLinks({ mapId, editToken, viewToken }: ReplaceLinksProps) {
  const session = useSession();
  const headingId = useId();
  const [step, setStep] = useState<Step>({ kind: 'choosing' });
  const [outcome, setOutcome] = useState<ReplaceOutcome | null>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  useEffect(() => {
    // The safe answer has the focus, so a stray Enter revokes nothing.
    if (step.kind === 'confirming') cancel.current?.focus();
  }, [step]);

  const ask = (which: Replacement) => {
    setOutcome(null);
    setStep({ kind: 'confirming', which });
  };
  const replace = async (which: Replacement) => {
    setStep({ kind: 'working', which });
    const result = await replaceLink({ session, mapId, editToken, viewToken, which });
    if (!mounted.current) return;
    setOutcome(result);
    setStep({ kind: 'choosing' });
  };

  return (
    <section className="replace-links" aria-labelledby={headingId}>
      <h3 id={headingId}>Revoke links</h3>
      <p className="dialog-hint">
        If a link reached someone who should not have it, make a new one. The old link stops working at once.
      </p>
      {step.kind === 'confirming' ? (
        <div className="replace-confirm" role="group" aria-label={QUESTION[step.which]}>
          <p>
            <strong>{QUESTION[step.which]}</strong> Everyone using the old link loses access. Continue?
          </p>
          <div className="inline-buttons">
            <button type="button" className="danger" onClick={() => void replace(step.which)}>
              Continue
            </button>
            <button type="button" ref={cancel} onClick={() => setStep({ kind: 'choosing' })}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="inline-buttons">
          <button type="button" disabled={step.kind === 'working'} onClick={() => ask('edit')}>
            New edit link
          </button>
          <button type="button" disabled={step.kind === 'working'} onClick={() => ask('view')}>
            New view-only link
          </button>
        </div>
      )}
      <p role="status" data-testid="replace-links-status" className={outcome?.ok === false ? 'note note-error' : 'note'}>
        {step.kind === 'working' ? 'Making a new link…' : (outcome?.message ?? '')}
      </p>
    </section>
  );
}
