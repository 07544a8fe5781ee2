import * as Y from 'yjs';
import type { Valence } from './schema.js';
import { type Link, readLink } from './link.js';
import { createLoopTracker, type TrackedLoop } from './history-loops.js';
import type { LoopNote } from './analysis/types.js';
import { readLoopNotes } from './loop.js';
import { statementNumbers } from './numbering.js';
import { type FieldValue, entryKeyOf, mapParts } from './schema.js';
import { type Statement, readStatement } from './statement.js';

// The research record (SPEC §3 Event): what happened to a map, derived by replaying its journal
// in the order the server received it. Pure and deterministic: the same journal gives the same
// events, on the server, in tests and in the browser.

/** One update the server accepted, as its journal keeps it. */
export interface JournalRecord {
  receivedAt: number;
  /** The name in the sending connection's awareness; null for none (the server's own). */
  by: string | null;
  update: Uint8Array;
}

export type EventKind =
  | 'statement-added'
  | 'statement-edited'
  | 'valence-changed'
  | 'statement-deleted'
  | 'statement-restored'
  | 'link-added'
  | 'polarity-changed'
  | 'link-deleted'
  | 'link-restored'
  | 'loop-closed'
  | 'loop-broken';

export interface HistoryEvent {
  seq: number;
  at: number;
  receivedAt: number;
  by: string;
  kind: EventKind;
  statement?: number;
  from?: number;
  to?: number;
  polarity?: '+' | '-';
  valence?: Valence;
  /** Statement numbers, from the lowest, following the arrows. */
  loop?: number[];
  text?: string;
}

/** A pause this long ends a burst of typing: the next keystroke starts a new event. */
export const BURST_MS = 2000;

type Draft = Omit<HistoryEvent, 'seq'> & { order: number; vicious?: boolean };

/** The events, and for each the index of the journal entry after which it had happened. */
export interface HistorySteps {
  events: HistoryEvent[];
  entries: number[];
  /** The `seq` of each `loop-closed` event whose loop was vicious when it closed. */
  vicious: number[];
}

interface Seen {
  statements: Map<string, Statement>;
  links: Map<string, Link>;
}

/** A loop as people read it: its statement numbers from the lowest, following the arrows. */
function chainOf(ids: readonly string[], numbers: ReadonlyMap<string, number>): number[] {
  const chain = ids.map((id) => numbers.get(id) ?? 0);
  let first = 0;
  for (let i = 1; i < ids.length; i++) if (chain[i]! < chain[first]! || (chain[i] === chain[first] && ids[i]! < ids[first]!)) first = i;
  return [...chain.slice(first), ...chain.slice(0, first)];
}

/** True if the loop, as the map is now, is vicious (SPEC §2; a team's override counts). */
function isVicious(loop: TrackedLoop, seen: Seen, notes: Record<string, LoopNote>): boolean {
  const overridden = notes[loop.key]?.character;
  if (overridden !== undefined) return overridden === 'vicious';
  const minus = loop.links.filter((id) => seen.links.get(id)?.polarity === '-').length;
  const valences = loop.ids.map((id) => seen.statements.get(id)?.valence);
  return minus % 2 === 0 && valences.includes('negative') && !valences.includes('positive');
}

/**
 * The events of a map's journal, in order (`seq` from 1). Statement and link events carry the
 * time and name the document records for them where it has one (createdAt/createdBy,
 * deletedAt/deletedBy), else the time the change arrived and the sender's name. Typing is one
 * `statement-edited` per statement and person for each burst, with the text after it.
 */
export function historyOf(journal: readonly JournalRecord[], maxLoops = 2000): HistoryEvent[] {
  return historySteps(journal, maxLoops).events;
}

/** The events with the journal entry each belongs to: what a replay needs to show each one. */
export function historySteps(journal: readonly JournalRecord[], maxLoops = 2000): HistorySteps {
  const doc = new Y.Doc();
  const { statements, links, order } = mapParts(doc);
  const seen: Seen = { statements: new Map(), links: new Map() };
  const tracker = createLoopTracker(maxLoops);
  /** The numbers when links or statements last came or went: a broken loop is told as it was then. */
  let loopNumbers: ReadonlyMap<string, number> = new Map();
  const events: Draft[] = [];
  /** The open burst of typing of each statement and person. */
  const bursts = new Map<string, { event: Draft; last: number }>();
  let touchedStatements = new Set<string>();
  let touchedLinks = new Set<string>();
  // The numbers change only when statements come into the order (or, outside it, by createdAt).
  let numbers: Map<string, number> | null = null;
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    for (const [type, keys] of transaction.changed) {
      const changed = type as Y.AbstractType<unknown>;
      if ((changed as unknown) === order || ((changed.parent as unknown) === statements && keys.has('createdAt'))) numbers = null;
      if ((changed as unknown) === statements) {
        numbers = null;
        for (const key of keys) if (key) touchedStatements.add(key);
      } else if ((changed as unknown) === links) {
        for (const key of keys) if (key) touchedLinks.add(key);
      } else {
        const statement = entryKeyOf(changed, statements as Y.AbstractType<unknown>);
        if (statement !== null) touchedStatements.add(statement);
        const link = entryKeyOf(changed, links as Y.AbstractType<unknown>);
        if (link !== null) touchedLinks.add(link);
      }
    }
  });

  try {
    for (const [entry, record] of journal.entries()) {
      touchedStatements = new Set();
      touchedLinks = new Set();
      Y.applyUpdate(doc, record.update);
      if (touchedStatements.size + touchedLinks.size === 0) continue;
      numbers ??= statementNumbers(doc);
      const by = record.by ?? '';
      const batch: Draft[] = [];
      // What can close or break a loop: a link, or a statement, coming or going.
      const cameOrWent: { statements: { id: string; live: boolean }[]; links: Link[] } = { statements: [], links: [] };
      const add = (event: Omit<Draft, 'order' | 'receivedAt'>) => batch.push({ ...event, receivedAt: record.receivedAt, order: entry });

      for (const id of touchedStatements) {
        const map = statements.get(id);
        if (!(map instanceof Y.Map)) continue;
        const now = readStatement(id, map as Y.Map<FieldValue>);
        const before = seen.statements.get(id);
        const statement = numbers.get(id) ?? 0;
        seen.statements.set(id, now);
        if (!before || (before.deletedAt === null) !== (now.deletedAt === null)) cameOrWent.statements.push({ id, live: now.deletedAt === null });
        if (!before) {
          add({ at: now.createdAt || record.receivedAt, by: now.createdBy || by, kind: 'statement-added', statement, valence: now.valence, text: now.text });
          continue;
        }
        if (before.valence !== now.valence) {
          // A loop stays the loop it was (only its character may change).
          add({ at: record.receivedAt, by, kind: 'valence-changed', statement, valence: now.valence });
        }
        if (before.deletedAt === null && now.deletedAt !== null) {
          add({ at: now.deletedAt, by: now.deletedBy ?? by, kind: 'statement-deleted', statement });
        } else if (before.deletedAt !== null && now.deletedAt === null) {
          add({ at: record.receivedAt, by, kind: 'statement-restored', statement });
        }
        if (before.text !== now.text) {
          const key = `${id}\u0000${by}`;
          const open = bursts.get(key);
          if (open && record.receivedAt - open.last < BURST_MS) {
            open.event.text = now.text;
            open.event.order = entry;
            open.last = record.receivedAt;
          } else {
            const event: Draft = { at: record.receivedAt, receivedAt: record.receivedAt, by, kind: 'statement-edited', statement, text: now.text, order: entry };
            batch.push(event);
            bursts.set(key, { event, last: record.receivedAt });
          }
        }
      }
      for (const id of touchedLinks) {
        const map = links.get(id);
        if (!(map instanceof Y.Map)) continue;
        const now = readLink(id, map as Y.Map<FieldValue>);
        const before = seen.links.get(id);
        seen.links.set(id, now);
        const ends = { from: numbers.get(now.from) ?? 0, to: numbers.get(now.to) ?? 0 };
        if (!before || (before.deletedAt === null) !== (now.deletedAt === null)) cameOrWent.links.push(now);
        if (!before) {
          add({ at: now.createdAt || record.receivedAt, by: now.createdBy || by, kind: 'link-added', ...ends, polarity: now.polarity });
          continue;
        }
        if (before.polarity !== now.polarity) {
          add({ at: record.receivedAt, by, kind: 'polarity-changed', ...ends, polarity: now.polarity });
        }
        if (before.deletedAt === null && now.deletedAt !== null) {
          add({ at: now.deletedAt, by: now.deletedBy ?? by, kind: 'link-deleted', ...ends, polarity: now.polarity });
        } else if (before.deletedAt !== null && now.deletedAt === null) {
          add({ at: record.receivedAt, by, kind: 'link-restored', ...ends, polarity: now.polarity });
        }
      }
      // Within one update (an import, an offline batch): by time, then statement number.
      batch.sort((a, b) => a.at - b.at || (a.statement ?? a.from ?? 0) - (b.statement ?? b.from ?? 0));
      events.push(...batch);

      if (cameOrWent.statements.length + cameOrWent.links.length === 0) continue;
      const { broken, closed } = tracker.update(cameOrWent.statements, cameOrWent.links);
      const numbersBefore = loopNumbers;
      loopNumbers = numbers;
      const last = batch.at(-1);
      const loopEvent = (kind: EventKind, chain: number[]): Draft => ({
        at: last?.at ?? record.receivedAt,
        receivedAt: record.receivedAt,
        by: last?.by ?? by,
        kind,
        loop: chain,
        order: entry,
      });
      for (const loop of broken) events.push(loopEvent('loop-broken', chainOf(loop.ids, numbersBefore)));
      const notes = closed.length > 0 ? readLoopNotes(doc) : {};
      for (const loop of closed) events.push({ ...loopEvent('loop-closed', chainOf(loop.ids, numbers)), vicious: isVicious(loop, seen, notes) });
    }
  } finally {
    doc.destroy();
  }
  return {
    events: events.map(({ order: _order, vicious: _vicious, ...event }, index) => ({ seq: index + 1, ...event })),
    entries: events.map((event) => event.order),
    vicious: events.flatMap((event, index) => (event.vicious ? [index + 1] : [])),
  };
}
