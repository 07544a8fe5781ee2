import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { historySteps, type JournalRecord } from '@causal-map/shared/history';
import { addLink } from '@causal-map/shared/link';
import { addStatement } from '@causal-map/shared/statement';
import { LONGEST_GAP_MS, nearestEvent, timelinePositions, viciousClosures } from './timeline';

describe('the replay timeline', () => {
  it('places events by time, with long pauses shortened to a minute', () => {
    const day = 24 * 60 * 60_000;
    const positions = timelinePositions([{ receivedAt: 0 }, { receivedAt: 1_000 }, { receivedAt: day }, { receivedAt: day + 59_000 }]);
    const total = 1_000 + LONGEST_GAP_MS + 59_000;
    expect(positions).toEqual([0, 1_000 / total, (1_000 + LONGEST_GAP_MS) / total, 1]);
  });

  it('spreads events of one moment evenly (an imported map), and finds the nearest', () => {
    const positions = timelinePositions([{ receivedAt: 5 }, { receivedAt: 5 }, { receivedAt: 5 }]);
    expect(positions).toEqual([0, 0.5, 1]);
    expect(nearestEvent(positions, 0.8)).toBe(2);
    expect(nearestEvent(positions, 0.2)).toBe(0);
  });

  it('tells which loop closures made a vicious loop', () => {
    const doc = new Y.Doc();
    const journal: JournalRecord[] = [];
    let clock = 0;
    doc.on('update', (update: Uint8Array) => journal.push({ receivedAt: (clock += 1000), by: 'Ana', update }));
    const author = { name: 'Ana' };
    const bad = addStatement(doc, { text: 'Pain', x: 0, y: 0, valence: 'negative' }, author);
    const other = addStatement(doc, { text: 'Sleep', x: 0, y: 0 }, author);
    const good = addStatement(doc, { text: 'Visits', x: 0, y: 0, valence: 'positive' }, author);
    addLink(doc, { from: bad, to: other, polarity: '+' }, author);
    addLink(doc, { from: other, to: bad, polarity: '+' }, author);
    addLink(doc, { from: other, to: good, polarity: '+' }, author);
    addLink(doc, { from: good, to: other, polarity: '+' }, author);
    const { events, entries } = historySteps(journal);
    const closed = events.filter((event) => event.kind === 'loop-closed');
    expect(closed).toHaveLength(2);
    expect([...viciousClosures(journal, events, entries)]).toEqual([closed[0]!.seq]);
  });
});
