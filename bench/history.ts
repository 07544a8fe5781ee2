// History and replay benchmark: `npx tsx bench/history.ts` (about half a minute).
// A generated journal of 10,000 updates from 5 people on a 300-statement map (statements added,
// typed into keystroke by keystroke, re-valued, linked, some links switched or deleted), each
// update with the time it arrived (a few hundred ms apart, a long pause now and then).
// Measures: the history of the whole journal with the server's loop bound (what GET
// /api/docs/:id/history and …/journal compute, on a worker thread), and a replay's seeks (the
// same code the browser runs, here in Node): opening at the last event (making the session and
// showing the map), jumping to the first, the middle and the last; and how long the loops of the
// last moment take to follow on the loop worker, as on the live map.
import { cpus } from 'node:os';
import * as Y from 'yjs';
import { analyseLoops } from '../shared/src/analysis/loops.ts';
import { historySteps, type JournalRecord } from '../shared/src/history.ts';
import { analysisInput } from '../shared/src/loop.ts';
import { addLink, deleteLink, togglePolarity } from '../shared/src/link.ts';
import { addStatement, setValence, statementText } from '../shared/src/statement.ts';
import { createReplaySession } from '../client/src/replay/replay-session.ts';
import { seededRandom } from './generate.ts';

const UPDATES = 10_000;
/** The server's default bound on loops (MAX_LOOPS). */
const MAX_LOOPS = 10_000;
const STATEMENTS = 300;
const PEOPLE = ['Ana (nurse)', 'Dr Ben Okafor', 'Chloe (social worker)', 'Dev (OT)', 'Mrs A’s daughter'];

function generate(): JournalRecord[] {
  const random = seededRandom(11);
  const doc = new Y.Doc();
  const journal: JournalRecord[] = [];
  let clock = Date.UTC(2026, 10, 1, 9);
  let sender = PEOPLE[0]!;
  doc.on('update', (update: Uint8Array) => journal.push({ receivedAt: clock, by: sender, update }));
  const ids: string[] = [];
  const links: string[] = [];
  while (journal.length < UPDATES) {
    clock += random() < 0.01 ? 3_600_000 : 150 + Math.floor(random() * 600);
    sender = PEOPLE[Math.floor(random() * PEOPLE.length)]!;
    const author = { name: sender, now: () => clock };
    const roll = random();
    if (ids.length < STATEMENTS && (ids.length < 5 || roll < 0.05)) {
      ids.push(addStatement(doc, { text: '', x: ids.length * 40, y: 0 }, author));
    } else if (roll < 0.12 && ids.length > 2) {
      // As teams draw them: mostly on to a later statement nearby, now and then back to an earlier one.
      const from = Math.floor(random() * ids.length);
      const to = random() < 0.02 ? Math.floor(random() * ids.length) : Math.min(ids.length - 1, from + 1 + Math.floor(random() * 4));
      const made = addLink(doc, { from: ids[from]!, to: ids[to]!, polarity: random() < 0.3 ? '-' : '+' }, author);
      if (made.ok) links.push(made.id);
    } else if (roll < 0.14 && links.length > 0) {
      togglePolarity(doc, links[Math.floor(random() * links.length)]!);
    } else if (roll < 0.15 && links.length > 0) {
      deleteLink(doc, links[Math.floor(random() * links.length)]!, author);
    } else if (roll < 0.18) {
      setValence(doc, ids[Math.floor(random() * ids.length)]!, random() < 0.5 ? 'negative' : 'positive');
    } else {
      const text = statementText(doc, ids[Math.floor(random() * ids.length)]!)!;
      text.insert(text.length, 'abcdefghij klmno'[Math.floor(random() * 16)]!);
    }
  }
  return journal.slice(0, UPDATES);
}

const time = (work: () => void): number => {
  const start = performance.now();
  work();
  return performance.now() - start;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const journal = generate();
let events = 0;
let entries: number[] = [];
const historyMs = median(
  [0, 1, 2].map(() =>
    time(() => {
      const steps = historySteps(journal, MAX_LOOPS);
      events = steps.events.length;
      entries = steps.entries;
    }),
  ),
);
let session = createReplaySession('bench', journal);
session.destroy();
const openMs = time(() => {
  session = createReplaySession('bench', journal);
  session.showEntry(entries.at(-1)!);
});
const loopsMs = time(() => analyseLoops(analysisInput(session.doc)));
const seek = (index: number) => time(() => session.showEntry(entries[index]!));
const firstMs = seek(0);
const middleMs = seek(Math.floor(entries.length / 2));
const lastMs = seek(entries.length - 1);
const backMs = seek(Math.floor(entries.length / 2));
session.destroy();

console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}`);
console.log(`Journal: ${journal.length} updates from ${PEOPLE.length} people, ${STATEMENTS} statements; ${events} events.`);
console.log('| step | time (ms) | target |');
console.log('| --- | --- | --- |');
console.log(`| history of the whole journal, up to ${MAX_LOOPS.toLocaleString('en')} loops (median of 3) | ${historyMs.toFixed(0)} | < 1,000 |`);
console.log(`| replay: open at the last event | ${openMs.toFixed(0)} | < 200 |`);
console.log(`| replay: the loops of the last event, on the loop worker (the map is already shown) | ${loopsMs.toFixed(0)} | — |`);
console.log(`| replay: jump to the first event | ${firstMs.toFixed(0)} | < 200 |`);
console.log(`| replay: jump to the middle | ${middleMs.toFixed(0)} | < 200 |`);
console.log(`| replay: jump to the last | ${lastMs.toFixed(0)} | < 200 |`);
console.log(`| replay: jump back to the middle | ${backMs.toFixed(0)} | < 200 |`);
