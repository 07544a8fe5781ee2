import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useState } from 'react';
import type { HistoryEvent } from '@causal-map/shared/history';
import { historyCsv } from '@causal-map/shared/history-csv';
import { saveFile } from '../export/export-files';
import { describeEvent, type ReplaySession } from './replay-session';
import { nearestEvent, timelinePositions } from './timeline';

const SPEEDS = [0.5, 1, 2, 4, 8, 16];
/** At 1×, the pause between two events as it really was, but never longer than this. */
const LONGEST_PAUSE_MS = 2000;
const SHORTEST_PAUSE_MS = 120;

interface ReplayBarProps {
  session: ReplaySession;
  events: HistoryEvent[];
  entries: number[];
  /** Loop closures that made a vicious loop, by event `seq`: marked in the loops' red. */
  vicious: ReadonlySet<number>;
  /** The map's export document as it was at a moment, from the server (time travel). */
  mapAt: (at: number) => Promise<Blob>;
  title: string;
}

const day = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/**
 * The replay's controls: a timeline with a tick per event (loop closures marked), play and
 * pause, speed, steps and jumps (arrow keys, Home, End), a person to follow, and the record to
 * download. Choosing an event shows the map as it was right after it, its change selected.
 */
export function ReplayBar({ session, events, entries, vicious, mapAt, title }: ReplayBarProps) {
  const last = events.length - 1;
  const [at, setAt] = useState(last);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [person, setPerson] = useState('');
  const id = useId();
  const people = useMemo(() => [...new Set(events.map((event) => event.by).filter(Boolean))].sort(), [events]);
  const positions = useMemo(() => timelinePositions(events), [events]);
  const event = events[at];

  // Show the map as it was after the chosen event, its change selected.
  useEffect(() => {
    session.showEntry(at < 0 ? -1 : (entries[at] ?? -1));
    const { statements, links } = session.store.getState();
    const idOf = (number: number | undefined) => statements.find((s) => s.number === number)?.id;
    const statement = idOf(event?.statement);
    const link = event?.from ? links.find((l) => l.from === idOf(event.from) && l.to === idOf(event.to))?.id : undefined;
    session.actions.setSelection({ statementIds: statement ? [statement] : [], linkIds: link ? [link] : [] });
  }, [session, at, entries, event]);

  useEffect(() => {
    session.store.setState({ personFilter: person || null });
  }, [session, person]);

  useEffect(() => {
    if (!playing) return undefined;
    if (at >= last) {
      setPlaying(false);
      return undefined;
    }
    const gap = (events[at + 1]?.receivedAt ?? 0) - (events[at]?.receivedAt ?? 0);
    const wait = Math.min(LONGEST_PAUSE_MS, Math.max(SHORTEST_PAUSE_MS, gap)) / speed;
    const timer = setTimeout(() => setAt((now) => Math.min(last, now + 1)), wait);
    return () => clearTimeout(timer);
  }, [playing, at, last, events, speed]);

  const go = useCallback((index: number) => setAt(Math.max(0, Math.min(last, index))), [last]);

  const togglePlay = () => {
    // Play from the start again once the end is reached.
    if (!playing && at >= last) go(0);
    setPlaying(!playing);
  };

  const onKeyDown = (keyEvent: KeyboardEvent<HTMLElement>) => {
    if (keyEvent.target instanceof HTMLSelectElement) return;
    const keys: Record<string, () => void> = {
      ArrowLeft: () => go(at - 1),
      ArrowRight: () => go(at + 1),
      Home: () => go(0),
      End: () => go(last),
    };
    const action = keys[keyEvent.key];
    if (!action) return;
    keyEvent.preventDefault();
    setPlaying(false);
    action();
  };

  const download = async (what: 'csv' | 'json' | 'map') => {
    const stamp = new Date().toISOString().slice(0, 10);
    if (what === 'map') {
      saveFile({ blob: await mapAt(event?.receivedAt ?? Date.now()), name: `${title || 'map'} as it was-${stamp}.json` });
    } else if (what === 'csv') {
      saveFile({ blob: new Blob(['\uFEFF', historyCsv(events)], { type: 'text/csv' }), name: `${title || 'map'} history-${stamp}.csv` });
    } else {
      saveFile({ blob: new Blob([JSON.stringify({ events }, null, 2)], { type: 'application/json' }), name: `${title || 'map'} history-${stamp}.json` });
    }
  };

  if (events.length === 0) {
    return (
      <div className="replay-bar" role="region" aria-label="Replay">
        <p>Nothing has happened on this map yet.</p>
      </div>
    );
  }
  return (
    <div className="replay-bar" role="region" aria-label="Replay" onKeyDown={onKeyDown} data-testid="replay-bar">
      <div className="replay-ticks" aria-hidden="true">
        {events.map((each, index) => (
          <span
            key={each.seq}
            className={`replay-tick${each.kind === 'loop-closed' ? (vicious.has(each.seq) ? ' is-vicious' : ' is-loop') : ''}${index === at ? ' is-current' : ''}`}
            data-testid={each.kind === 'loop-closed' ? 'replay-loop-tick' : undefined}
            data-vicious={vicious.has(each.seq) ? 'true' : undefined}
            style={{ left: `${(positions[index] ?? 0) * 100}%` }}
          />
        ))}
      </div>
      {/* The timeline is time (long pauses shortened); dragging picks the nearest event. */}
      <input
        id={`${id}-event`}
        type="range"
        className="replay-slider"
        min={0}
        max={1000}
        value={Math.round((positions[at] ?? 0) * 1000)}
        aria-label="Event"
        aria-valuetext={event ? `${at + 1} of ${events.length}: ${describeEvent(event)}` : undefined}
        onChange={(change) => {
          setPlaying(false);
          go(nearestEvent(positions, Number(change.target.value) / 1000));
        }}
      />
      <div className="replay-controls">
        <button type="button" onClick={() => go(0)} title="The first event (Home)">
          Start
        </button>
        <button type="button" onClick={() => go(at - 1)} title="The event before (←)">
          Step back
        </button>
        <button type="button" className="primary" onClick={togglePlay}>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => go(at + 1)} title="The next event (→)">
          Step forward
        </button>
        <button type="button" onClick={() => go(last)} title="The latest event (End)">
          End
        </button>
        <label htmlFor={`${id}-speed`}>Speed</label>
        <select id={`${id}-speed`} value={speed} onChange={(change) => setSpeed(Number(change.target.value))}>
          {SPEEDS.map((each) => (
            <option key={each} value={each}>
              {each}×
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-person`}>Follow</label>
        <select id={`${id}-person`} value={person} onChange={(change) => setPerson(change.target.value)}>
          <option value="">Everyone</option>
          {people.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <p className="replay-now" role="status" data-testid="replay-event">
        <strong>
          {at + 1} of {events.length}
        </strong>{' '}
        {event ? `${day(event.receivedAt)} · ${describeEvent(event)}` : ''}
      </p>
      <div className="replay-downloads">
        <span>Download:</span>
        <button type="button" className="quiet" onClick={() => void download('csv')}>
          Events (CSV)
        </button>
        <button type="button" className="quiet" onClick={() => void download('json')}>
          Events (JSON)
        </button>
        <button type="button" className="quiet" onClick={() => void download('map')}>
          The map at this moment (JSON)
        </button>
      </div>
    </div>
  );
}
