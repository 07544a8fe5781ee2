import { csvRecord, isoTime } from './export/csv.js';
import { loopChain } from './analysis/loops.js';
import type { HistoryEvent } from './history.js';

// The research record as CSV (SPEC §3): RFC 4180, a header row, one row per event, ISO 8601
// UTC times, loops as "3 → 7 → 12 → 3". The server adds a UTF-8 byte order mark for Excel.

const COLUMNS = ['seq', 'at', 'received_at', 'by', 'kind', 'statement', 'from', 'to', 'polarity', 'valence', 'loop', 'text'];

const cell = (value: number | string | undefined): string => (value === undefined ? '' : String(value));

export function historyCsv(events: readonly HistoryEvent[]): string {
  const rows = [csvRecord(COLUMNS)];
  for (const event of events) {
    rows.push(
      csvRecord([
        String(event.seq),
        isoTime(event.at),
        isoTime(event.receivedAt),
        event.by,
        event.kind,
        cell(event.statement),
        cell(event.from),
        cell(event.to),
        cell(event.polarity),
        cell(event.valence),
        event.loop ? loopChain({ statements: event.loop }) : '',
        cell(event.text),
      ]),
    );
  }
  return rows.join('');
}
