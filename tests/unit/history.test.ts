import { historyCsv } from '@causal-map/shared/history-csv';
import { type HistoryEvent, type JournalRecord, historyOf, historySteps } from '@causal-map/shared/history';
import { addLink, deleteLink, restoreLink, togglePolarity } from '@causal-map/shared/link';
import { addStatement, deleteStatement, restoreStatement, setValence, statementText } from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { frozenAuthor } from './helpers/authors.js';

/** A map made step by step, its journal kept with a clock the test sets and the sender's name. */
function journalled() {
  const doc = new Y.Doc();
  const journal: JournalRecord[] = [];
  let clock = 0;
  let sender: string | null = null;
  doc.on('update', (update: Uint8Array) => journal.push({ receivedAt: clock, by: sender, update }));
  const at = (time: number, name: string, change: () => void) => {
    clock = time;
    sender = name;
    change();
  };
  return { doc, journal, at };
}

const brief = (events: HistoryEvent[]) =>
  events.map((e) =>
    [e.seq, e.kind, e.statement ?? (e.from ? `${e.from}>${e.to}` : ''), e.loop ? `[${e.loop.join(' ')}]` : '', e.by].filter((part) => part !== '').join(' '),
  );

function story() {
  const { doc, journal, at } = journalled();
  let a = '';
  let b = '';
  let ab = '';
  at(1_000, 'Ana', () => (a = addStatement(doc, { text: 'Pain', x: 0, y: 0 }, frozenAuthor('Ana', 1_000))));
  at(2_000, 'Ana', () => (b = addStatement(doc, { text: 'Poor sleep', x: 300, y: 0 }, frozenAuthor('Ana', 2_000))));
  // Three keystrokes close together: one burst. A pause, then one more: a second burst.
  at(2_500, 'Ana', () => statementText(doc, a)!.insert(4, ' at'));
  at(2_600, 'Ana', () => statementText(doc, a)!.insert(7, ' ni'));
  at(4_000, 'Ana', () => statementText(doc, a)!.insert(10, 'ght'));
  at(7_000, 'Ana', () => statementText(doc, a)!.insert(13, '!'));
  at(7_500, 'Ben', () => setValence(doc, a, 'negative'));
  at(8_000, 'Ben', () => {
    const made = addLink(doc, { from: a, to: b, polarity: '+' }, frozenAuthor('Ben', 8_000));
    if (made.ok) ab = made.id;
  });
  at(9_000, 'Ben', () => addLink(doc, { from: b, to: a, polarity: '+' }, frozenAuthor('Ben', 9_000)));
  at(10_000, 'Chloe', () => togglePolarity(doc, ab));
  at(11_000, 'Chloe', () => deleteStatement(doc, b, frozenAuthor('Chloe', 11_000)));
  at(12_000, 'Chloe', () => restoreStatement(doc, b));
  at(13_000, 'Ana', () => deleteLink(doc, ab, frozenAuthor('Ana', 13_000)));
  at(14_000, 'Ana', () => restoreLink(doc, ab));
  return journal;
}

describe('the research record', () => {
  it('tells every kind of event in order, with who and when, and loops right after what closed or broke them', () => {
    const events = historyOf(story());
    expect(brief(events)).toEqual([
      '1 statement-added 1 Ana',
      '2 statement-added 2 Ana',
      '3 statement-edited 1 Ana',
      '4 statement-edited 1 Ana',
      '5 valence-changed 1 Ben',
      '6 link-added 1>2 Ben',
      '7 link-added 2>1 Ben',
      '8 loop-closed [1 2] Ben',
      '9 polarity-changed 1>2 Chloe',
      '10 statement-deleted 2 Chloe',
      '11 loop-broken [1 2] Chloe',
      '12 statement-restored 2 Chloe',
      '13 loop-closed [1 2] Chloe',
      '14 link-deleted 1>2 Ana',
      '15 loop-broken [1 2] Ana',
      '16 link-restored 1>2 Ana',
      '17 loop-closed [1 2] Ana',
    ]);
    expect(events[0]).toMatchObject({ at: 1_000, receivedAt: 1_000, text: 'Pain', valence: 'neutral' });
    // A burst keeps the text after it; the pause of 2 s or more started the second one.
    expect(events[2]).toMatchObject({ at: 2_500, text: 'Pain at night' });
    expect(events[3]).toMatchObject({ at: 7_000, text: 'Pain at night!' });
    expect(events[4]).toMatchObject({ valence: 'negative' });
    expect(events[8]).toMatchObject({ polarity: '-' });
    expect(events[9]).toMatchObject({ at: 11_000, by: 'Chloe' });
  });

  it('is deterministic: the same journal gives the same events', () => {
    const journal = story();
    expect(historyOf(journal)).toEqual(historyOf(journal));
  });

  it('orders an imported batch by time, then number, and names the authors the document records', () => {
    const source = new Y.Doc();
    const first = addStatement(source, { text: 'One', x: 0, y: 0 }, frozenAuthor('Dr Okafor', 500));
    const second = addStatement(source, { text: 'Two', x: 0, y: 0 }, frozenAuthor('Ana', 300));
    addLink(source, { from: first, to: second, polarity: '-' }, frozenAuthor('Ana', 400));
    const events = historyOf([{ receivedAt: 9_000, by: 'Importer', update: Y.encodeStateAsUpdate(source) }]);
    expect(events.map((e) => [e.kind, e.at, e.by])).toEqual([
      ['statement-added', 300, 'Ana'],
      ['link-added', 400, 'Ana'],
      ['statement-added', 500, 'Dr Okafor'],
    ]);
    expect(events.every((e) => e.receivedAt === 9_000)).toBe(true);
  });

  it('writes CSV that a spreadsheet opens: quoted text with commas, quotes and newlines, ISO times', () => {
    const { doc, journal, at } = journalled();
    at(1_764_547_200_000, 'Ana, "nurse"', () => addStatement(doc, { text: 'Pain, "bad"\nat night', x: 0, y: 0 }, frozenAuthor('Ana, "nurse"', 1_764_547_200_000)));
    const csv = historyCsv(historyOf(journal));
    expect(csv.split('\r\n')[0]).toBe('seq,at,received_at,by,kind,statement,from,to,polarity,valence,loop,text');
    expect(csv).toContain('1,2025-12-01T00:00:00.000Z,2025-12-01T00:00:00.000Z,"Ana, ""nurse""",statement-added,1,,,,neutral,,"Pain, ""bad""\nat night"\r\n');
  });
});

describe('loops closed and broken, found from what changed', () => {
  it('are exactly those a full analysis after every change finds (random sessions)', async () => {
    const { analyseMap } = await import('@causal-map/shared/loop');
    const { deleteLink, restoreLink } = await import('@causal-map/shared/link');
    let seed = 1;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let loopEvents = 0;
    for (let session = 0; session < 150; session++) {
      const { doc, journal, at } = journalled();
      const ids: string[] = [];
      const links: string[] = [];
      const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!;
      for (let step = 0; step < 40; step++) {
        const roll = random();
        at(step * 1000, 'Ana', () => {
          if (ids.length < 6 && (ids.length < 2 || roll < 0.15)) ids.push(addStatement(doc, { text: `s${ids.length}`, x: 0, y: 0 }, frozenAuthor('Ana', step)));
          else if (roll < 0.6) {
            const made = addLink(doc, { from: pick(ids), to: pick(ids), polarity: random() < 0.5 ? '+' : '-' }, frozenAuthor('Ana', step));
            if (made.ok) links.push(made.id);
          } else if (roll < 0.7 && links.length) deleteLink(doc, pick(links), frozenAuthor('Ana', step));
          else if (roll < 0.78 && links.length) restoreLink(doc, pick(links));
          else if (roll < 0.86) deleteStatement(doc, pick(ids), frozenAuthor('Ana', step));
          else if (roll < 0.94) restoreStatement(doc, pick(ids));
          else if (links.length) togglePolarity(doc, pick(links));
        });
      }
      // Expected: the loops of a full analysis after every update, compared with the last.
      const replay = new Y.Doc();
      let before = new Map<string, number[]>();
      const expected: string[] = [];
      for (const record of journal) {
        Y.applyUpdate(replay, record.update);
        const now = new Map(analyseMap(replay).loops.map((loop) => [loop.key, loop.statements]));
        for (const [key, chain] of before) if (!now.has(key)) expected.push(`loop-broken ${chain.join(' ')}`);
        for (const [key, chain] of now) if (!before.has(key)) expected.push(`loop-closed ${chain.join(' ')}`);
        before = now;
      }
      const actual = historyOf(journal)
        .filter((event) => event.kind === 'loop-closed' || event.kind === 'loop-broken')
        .map((event) => `${event.kind} ${event.loop?.join(' ')}`);
      expect(actual, `session ${session}`).toEqual(expected);
      loopEvents += actual.length;
    }
    // The sessions do close and break loops, many of them.
    expect(loopEvents).toBeGreaterThan(300);
  });
});

describe('loops that closed vicious', () => {
  it('are told apart from the others, as each was when it closed', () => {
    const doc = new Y.Doc();
    const journal: JournalRecord[] = [];
    let clock = 0;
    doc.on('update', (update: Uint8Array) => journal.push({ receivedAt: (clock += 1000), by: 'Ana', update }));
    const author = { name: 'Ana' };
    const bad = addStatement(doc, { text: 'Pain', x: 0, y: 0, valence: 'negative' }, author);
    const other = addStatement(doc, { text: 'Sleep', x: 0, y: 0 }, author);
    const good = addStatement(doc, { text: 'Visits', x: 0, y: 0, valence: 'positive' }, author);
    const third = addStatement(doc, { text: 'Appetite', x: 0, y: 0, valence: 'negative' }, author);
    addLink(doc, { from: bad, to: other, polarity: '+' }, author);
    addLink(doc, { from: other, to: bad, polarity: '+' }, author); // vicious: bad and neutral, reinforcing
    addLink(doc, { from: other, to: good, polarity: '+' }, author);
    addLink(doc, { from: good, to: other, polarity: '+' }, author); // virtuous
    addLink(doc, { from: bad, to: third, polarity: '-' }, author);
    addLink(doc, { from: third, to: bad, polarity: '+' }, author); // balancing: one minus
    setValence(doc, other, 'positive'); // later changes do not make the first closure any less vicious
    const { events, vicious } = historySteps(journal);
    const closed = events.filter((event) => event.kind === 'loop-closed');
    expect(closed.map((event) => event.loop)).toEqual([[1, 2], [2, 3], [1, 4]]);
    expect(vicious).toEqual([closed[0]!.seq]);
  });
});

describe('a map with more loops than the bound', () => {
  it('reports loops closing up to the bound, and never tells a loop that was there all along as closing', () => {
    const doc = new Y.Doc();
    const journal: JournalRecord[] = [];
    let clock = 0;
    doc.on('update', (update: Uint8Array) => journal.push({ receivedAt: (clock += 1000), by: 'Ana', update }));
    const author = { name: 'Ana' };
    const ids = Array.from({ length: 5 }, (_, i) => addStatement(doc, { text: `s${i}`, x: 0, y: 0 }, author));
    const links: string[] = [];
    // Every statement leads to every other: 84 loops in all.
    for (const from of ids) for (const to of ids) if (from !== to) links.push((addLink(doc, { from, to }, author) as { id: string }).id);
    const bounded = historySteps(journal, 10).events;
    expect(bounded.filter((event) => event.kind === 'loop-closed')).toHaveLength(10);
    expect(historySteps(journal).events.filter((event) => event.kind === 'loop-closed')).toHaveLength(84);
    deleteLink(doc, links[0]!, author);
    const after = historySteps(journal, 10).events.slice(bounded.length);
    const broken = after.filter((event) => event.kind === 'loop-broken').length;
    expect(broken).toBeGreaterThan(0);
    // Room freed by broken loops: the loops that were there all along did not close now.
    expect(after.filter((event) => event.kind === 'loop-closed')).toHaveLength(0);
  });
});
