import { type ChangeEvent, type KeyboardEvent, useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Loop, LoopCharacter } from '@causal-map/shared/analysis/types';
import { loopChain } from '@causal-map/shared/loop';
import { useMapState, useSession } from '../map/session-context';
import { LoopBadges } from './LoopBadge';

type CharacterChoice = LoopCharacter | 'automatic';

const CHOICES: readonly { value: CharacterChoice; label: string }[] = [
  { value: 'automatic', label: 'Automatic (computed)' },
  { value: 'vicious', label: 'Vicious' },
  { value: 'virtuous', label: 'Virtuous' },
  { value: 'unclassified', label: 'Unclassified' },
];

interface NoteFieldProps {
  label: string;
  shared: string;
  multiline?: boolean;
  readOnly: boolean;
  onWrite: (value: string) => void;
}

/**
 * A text field bound to one shared value. While this person types, their own draft is shown
 * (the document follows keystroke by keystroke); otherwise the field shows what the team wrote.
 */
function NoteField({ label, shared, multiline = false, readOnly, onWrite }: NoteFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const common = {
    id,
    value: draft ?? shared,
    readOnly,
    onFocus: () => setDraft(shared),
    onBlur: () => setDraft(null),
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      setDraft(event.target.value);
      onWrite(event.target.value);
    },
  };
  return (
    <div className="loop-field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={2} {...common} /> : <input type="text" autoComplete="off" {...common} />}
    </div>
  );
}

/** Esc leaves a notes field (the text stays, it is already shared); a second Esc lets go of the loop. */
function leaveOnEscape(event: KeyboardEvent<HTMLFormElement>) {
  if (event.key !== 'Escape' || !(event.target instanceof HTMLElement)) return;
  event.preventDefault();
  event.target.blur();
}

/** The team's title, note and character for the selected loop, shared live with everyone. */
export function LoopNotes() {
  const loop = useMapState((state) => state.selectedLoop);
  if (!loop) {
    return <p className="note loop-hint">Select a loop to see it on the map and keep the team's notes on it.</p>;
  }
  // A new form per loop, so a draft never carries over to another loop.
  return <LoopNotesForm key={loop.key} loop={loop} />;
}

function LoopNotesForm({ loop }: { loop: Loop }) {
  const session = useSession();
  const readOnly = session.role !== 'edit';
  const characterId = useId();
  const note = useMapState(
    useShallow((state) => {
      const shared = state.loopNotes[loop.key];
      return { title: shared?.title ?? '', note: shared?.note ?? '', character: shared?.character ?? null };
    }),
  );
  const write = (patch: Parameters<typeof session.loops.setNote>[1]) => session.loops.setNote(loop.key, patch);

  return (
    <form className="loop-notes" onSubmit={(event) => event.preventDefault()} onKeyDown={leaveOnEscape}>
      <h3 className="loop-notes-head">
        <span>{loop.name}</span> <LoopBadges loop={loop} />
      </h3>
      <p className="loop-notes-chain">{loopChain(loop)}</p>
      <NoteField label="Loop title" shared={note.title} readOnly={readOnly} onWrite={(title) => write({ title })} />
      <NoteField label="Note" shared={note.note} multiline readOnly={readOnly} onWrite={(text) => write({ note: text })} />
      <div className="loop-field loop-field-inline">
        <label htmlFor={characterId}>Character</label>
        <select
          id={characterId}
          value={note.character ?? 'automatic'}
          disabled={readOnly}
          onChange={(event) => {
            const choice = event.target.value as CharacterChoice;
            write({ character: choice === 'automatic' ? null : choice });
          }}
        >
          {CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {readOnly && <p className="note">Only people with the edit link can change these notes.</p>}
    </form>
  );
}
