import * as Y from 'yjs';
import type { Valence } from './schema.js';
import { type Link, readLink } from './link.js';
import { analyseMap } from './loop.js';
import { statementNumbers } from './numbering.js';
import { type FieldValue, mapParts } from './schema.js';
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

type Draft = Omit<HistoryEvent, 'seq'> & { order: number };

/** The events, and for each the index of the journal entry after which it had happened. */
export interface HistorySteps {
  events: HistoryEvent[];
  entries: number[];
}

interface Seen {
  statements: Map<string, Statement>;
  links: Map<string, Link>;
  loops: Map<string, number[]>;
}

/** The statement or link a changed Yjs type belongs to: its key in `statements` or `links`. */
function ownerKey(type: Y.AbstractType<unknown>, top: Y.Map<unknown>): string | null {
  let current: Y.AbstractType<unknown> | null = type;
  while (current && current.parent !== top) current = current.parent as Y.AbstractType<unknown> | null;
  const key = current?._item?.parentSub;
  return typeof key === 'string' ? key : null;
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
  const { statements, links } = mapParts(doc);
  const seen: Seen = { statements: new Map(), links: new Map(), loops: new Map() };
  const events: Draft[] = [];
  /** The open burst of typing of each statement and person. */
  const bursts = new Map<string, { event: Draft; last: number }>();
  let touchedStatements = new Set<string>();
  let touchedLinks = new Set<string>();
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    for (const [type, keys] of transaction.changed) {
      const changed = type as Y.AbstractType<unknown>;
      if ((changed as unknown) === statements) {
        for (const key of keys) if (key) touchedStatements.add(key);
      } else if ((changed as unknown) === links) {
        for (const key of keys) if (key) touchedLinks.add(key);
      } else {
        const statement = ownerKey(changed, statements as Y.Map<unknown>);
        if (statement !== null) touchedStatements.add(statement);
        const link = ownerKey(changed, links as Y.Map<unknown>);
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
      const numbers = statementNumbers(doc);
      const by = record.by ?? '';
      const batch: Draft[] = [];
      /** Something that can close or break a loop: a link, or a statement, coming or going. */
      let structural = false;
      const add = (event: Omit<Draft, 'order' | 'receivedAt'>) => batch.push({ ...event, receivedAt: record.receivedAt, order: entry });

      for (const id of touchedStatements) {
        const map = statements.get(id);
        if (!(map instanceof Y.Map)) continue;
        const now = readStatement(id, map as Y.Map<FieldValue>);
        const before = seen.statements.get(id);
        const statement = numbers.get(id) ?? 0;
        seen.statements.set(id, now);
        if (!before) {
          // A new statement has no links yet: it closes no loop by itself.
          add({ at: now.createdAt || record.receivedAt, by: now.createdBy || by, kind: 'statement-added', statement, valence: now.valence, text: now.text });
          continue;
        }
        if (before.valence !== now.valence) {
          // A loop stays the loop it was (only its character may change).
          add({ at: record.receivedAt, by, kind: 'valence-changed', statement, valence: now.valence });
        }
        if (before.deletedAt === null && now.deletedAt !== null) {
          structural = true;
          add({ at: now.deletedAt, by: now.deletedBy ?? by, kind: 'statement-deleted', statement });
        } else if (before.deletedAt !== null && now.deletedAt === null) {
          structural = true;
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
        if (!before) {
          structural = true;
          add({ at: now.createdAt || record.receivedAt, by: now.createdBy || by, kind: 'link-added', ...ends, polarity: now.polarity });
          continue;
        }
        if (before.polarity !== now.polarity) {
          add({ at: record.receivedAt, by, kind: 'polarity-changed', ...ends, polarity: now.polarity });
        }
        if (before.deletedAt === null && now.deletedAt !== null) {
          structural = true;
          add({ at: now.deletedAt, by: now.deletedBy ?? by, kind: 'link-deleted', ...ends, polarity: now.polarity });
        } else if (before.deletedAt !== null && now.deletedAt === null) {
          structural = true;
          add({ at: record.receivedAt, by, kind: 'link-restored', ...ends, polarity: now.polarity });
        }
      }
      // Within one update (an import, an offline batch): by time, then statement number.
      batch.sort((a, b) => a.at - b.at || (a.statement ?? a.from ?? 0) - (b.statement ?? b.from ?? 0));
      events.push(...batch);

      if (!structural) continue;
      const loops = new Map(analyseMap(doc, { maxLoops }).loops.map((loop) => [loop.key, loop.statements]));
      const last = batch.at(-1);
      const loopEvent = (kind: EventKind, chain: number[]): Draft => ({
        at: last?.at ?? record.receivedAt,
        receivedAt: record.receivedAt,
        by: last?.by ?? by,
        kind,
        loop: chain,
        order: entry,
      });
      for (const [key, chain] of seen.loops) if (!loops.has(key)) events.push(loopEvent('loop-broken', chain));
      for (const [key, chain] of loops) if (!seen.loops.has(key)) events.push(loopEvent('loop-closed', chain));
      seen.loops = loops;
    }
  } finally {
    doc.destroy();
  }
  return {
    events: events.map(({ order: _order, ...event }, index) => ({ seq: index + 1, ...event })),
    entries: events.map((event) => event.order),
  };
}
