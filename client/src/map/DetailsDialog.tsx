import { useEffect, useState } from 'react';
import type { HistoryEvent } from '@causal-map/shared/history';
import type { Link } from '@causal-map/shared/link';
import { fetchHistory } from '../app/api';
import { useShownName } from '../facilitation/FacilitationBanner';
import { Dialog } from './Dialog';
import { useMapState, useSession } from './session-context';

interface DetailsDialogProps {
  token: string;
  onClose: () => void;
}

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const reads = (polarity: Link['polarity']) => (polarity === '-' ? 'may not lead to' : 'may lead to');

type Record = { kind: 'loading' } | { kind: 'ready'; events: HistoryEvent[] } | { kind: 'unavailable' };

/** The map's events from the server's record (who edited what, and when); offline there are none. */
function useRecord(mapId: string, token: string): Record {
  const [record, setRecord] = useState<Record>({ kind: 'loading' });
  useEffect(() => {
    let stopped = false;
    void fetchHistory(mapId, token).then((result) => {
      if (!stopped) setRecord(result.ok ? { kind: 'ready', events: result.value.events } : { kind: 'unavailable' });
    });
    return () => {
      stopped = true;
    };
  }, [mapId, token]);
  return record;
}

function Changes({ record, matches, empty }: { record: Record; matches: (event: HistoryEvent) => boolean; empty: string }) {
  const who = useShownName('someone');
  if (record.kind === 'loading') return <p className="note">Looking up who changed it…</p>;
  if (record.kind === 'unavailable') return <p className="note">Who changed it is on the server, which cannot be reached now.</p>;
  const changes = record.events.filter(matches);
  if (changes.length === 0) return <p className="note">{empty}</p>;
  return (
    <ul className="details-list" data-testid="details-changes">
      {changes.map((event) => (
        <li key={event.seq}>
          {event.kind === 'statement-edited' && `Text edited by ${who(event.by)}, ${when(event.receivedAt)}: “${event.text ?? ''}”`}
          {event.kind === 'valence-changed' && `Marked ${event.valence} by ${who(event.by)}, ${when(event.receivedAt)}`}
          {event.kind === 'polarity-changed' && `Switched to “${reads(event.polarity ?? '+')}” by ${who(event.by)}, ${when(event.receivedAt)}`}
          {event.kind.endsWith('restored') && `Brought back by ${who(event.by)}, ${when(event.receivedAt)}`}
        </li>
      ))}
    </ul>
  );
}

function CloseRow({ onClose }: { onClose: () => void }) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

/**
 * Who made the selected statement or link, and when; who changed it since (from the server's
 * record); and, for a statement, its links with who drew them.
 */
export default function DetailsDialog({ token, onClose }: DetailsDialogProps) {
  const { mapId } = useSession();
  const selection = useMapState((state) => state.selection);
  const statements = useMapState((state) => state.statements);
  const links = useMapState((state) => state.links);
  const numbers = useMapState((state) => state.numbers);
  const record = useRecord(mapId, token);
  // During a gathering round no one is named; the document keeps the names for the record.
  const by = useShownName('someone (names are hidden during the gathering round)');
  const statement = statements.find((s) => s.id === selection.statementIds[0]);
  const link = statement ? undefined : links.find((l) => l.id === selection.linkIds[0]);

  if (statement) {
    const own = links.filter((l) => l.from === statement.id || l.to === statement.id);
    return (
      <Dialog title={`Statement ${statement.number}`} onClose={onClose} className="details-dialog">
        <p className="dialog-hint">{statement.text || 'Empty statement'}</p>
        <p data-testid="details-added">
          Added by {by(statement.createdBy)}, {when(statement.createdAt)}
        </p>
        <Changes
          record={record}
          matches={(event) => event.statement === statement.number && event.kind !== 'statement-added' && event.kind !== 'statement-deleted'}
          empty="Not changed since."
        />
        <h3>Links</h3>
        {own.length === 0 ? (
          <p className="note">No links yet.</p>
        ) : (
          <ul className="details-list" data-testid="details-links">
            {own.map((each) => (
              <li key={each.id}>
                {numbers.get(each.from)} {reads(each.polarity)} {numbers.get(each.to)}: drawn by {by(each.createdBy)}, {when(each.createdAt)}
              </li>
            ))}
          </ul>
        )}
        <CloseRow onClose={onClose} />
      </Dialog>
    );
  }
  if (link) {
    const from = numbers.get(link.from);
    const to = numbers.get(link.to);
    return (
      <Dialog title={`${from} ${reads(link.polarity)} ${to}`} onClose={onClose} className="details-dialog">
        <p data-testid="details-added">
          Drawn by {by(link.createdBy)}, {when(link.createdAt)}
        </p>
        <Changes
          record={record}
          matches={(event) => event.from === from && event.to === to && event.kind !== 'link-added' && event.kind !== 'link-deleted'}
          empty="Not changed since."
        />
        <CloseRow onClose={onClose} />
      </Dialog>
    );
  }
  return (
    <Dialog title="Details" onClose={onClose}>
      <p>Select one statement or one link to see who made it and who changed it.</p>
      <CloseRow onClose={onClose} />
    </Dialog>
  );
}
