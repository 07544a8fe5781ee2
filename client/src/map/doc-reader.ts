import * as Y from 'yjs';
import { type Link, readLink, wellFormed } from '@causal-map/shared/link';
import { readLoopNotes } from '@causal-map/shared/loop';
import type { NumberedStatement } from '@causal-map/shared/map-view';
import { statementNumbers } from '@causal-map/shared/numbering';
import { type FieldValue, entryKeyOf, mapParts, readTitle } from '@causal-map/shared/schema';
import { readStatement } from '@causal-map/shared/statement';
import { commentsOf, readComments } from '@causal-map/shared/comments';
import { readAllMarks } from '@causal-map/shared/marks';
import { withComments } from '../discussion/discussion-state';
import { readFacilitation } from '../facilitation/facilitation-state';
import { type MapState, keepSelection, sameLink, sameStatement } from './map-state';

/**
 * Reads a map's document into the store, re-reading only what each transaction touched: a
 * keystroke re-reads one statement's text, not the whole map, and everything unchanged keeps its
 * object (and so its memoised node or edge).
 */
export interface DocReader {
  /** Notes what a transaction changed; call it on every `afterTransaction`. */
  note: (transaction: Y.Transaction) => void;
  /** The parts of MapState the document owns, as of now. */
  derive: (previous: MapState) => Partial<MapState>;
}

export function createDocReader(doc: Y.Doc): DocReader {
  const parts = mapParts(doc);
  const comments = commentsOf(doc) as Y.AbstractType<unknown>;
  const statements = new Map<string, NumberedStatement>();
  const links = new Map<string, Link>();
  let numbers = new Map<string, number>();
  // Everything is read the first time.
  let everything = true;
  const touchedStatements = new Set<string>();
  const touchedLinks = new Set<string>();
  let numbersChanged = false;
  let titleChanged = false;
  let notesChanged = false;
  let commentsChanged = false;
  let marksChanged = false;

  const note = (transaction: Y.Transaction): void => {
    for (const [type, keys] of transaction.changed) {
      const changed = type as Y.AbstractType<unknown>;
      if (changed === (parts.order as Y.AbstractType<unknown>)) numbersChanged = true;
      else if (changed === (parts.meta as Y.AbstractType<unknown>)) titleChanged = true;
      else if (changed === (parts.statements as Y.AbstractType<unknown>)) {
        numbersChanged = true;
        for (const key of keys) if (key !== null) touchedStatements.add(key);
      } else if (changed === (parts.links as Y.AbstractType<unknown>)) {
        marksChanged = true;
        for (const key of keys) if (key !== null) touchedLinks.add(key);
      } else if (changed === comments || entryKeyOf(changed, comments) !== null) {
        commentsChanged = true;
      } else if (changed._item?.parentSub === 'marks' || (keys.has('marks') && keys.size === 1)) {
        // A mark is not a change to the link: the loops need not be found again for it.
        marksChanged = true;
      } else {
        const statement = entryKeyOf(changed, parts.statements as Y.AbstractType<unknown>);
        if (statement !== null) {
          touchedStatements.add(statement);
          // Outside `order`, numbers follow createdAt.
          if (keys.has('createdAt')) numbersChanged = true;
        }
        const link = entryKeyOf(changed, parts.links as Y.AbstractType<unknown>);
        if (link !== null) touchedLinks.add(link);
        if (entryKeyOf(changed, parts.loopNotes as Y.AbstractType<unknown>) !== null || changed === (parts.loopNotes as Y.AbstractType<unknown>)) notesChanged = true;
      }
    }
  };

  /** What the store held before the first reading: unchanged statements keep those objects. */
  let prior = new Map<string, NumberedStatement>();

  /** Re-reads one statement; true if what the map shows of it changed. */
  const readStatementAgain = (id: string): boolean => {
    const map = parts.statements.get(id);
    const known = statements.get(id) ?? prior.get(id);
    if (!(map instanceof Y.Map)) return statements.delete(id);
    const now = { ...readStatement(id, map as Y.Map<FieldValue>), number: numbers.get(id) ?? 0 };
    if (known && sameStatement(known, now)) {
      statements.set(id, known);
      return false;
    }
    statements.set(id, now);
    return true;
  };

  const derive = (previous: MapState): Partial<MapState> => {
    const all = everything;
    everything = false;
    if (all) prior = new Map(previous.statements.map((statement) => [statement.id, statement]));
    let statementsChanged = all;
    let linksChanged = all;
    if (all || numbersChanged) {
      const next = statementNumbers(doc);
      // A number that changed is a changed statement.
      for (const [id, number] of next) if (numbers.get(id) !== number) touchedStatements.add(id);
      numbers = next;
    }
    const ids = all ? new Set([...parts.statements.keys(), ...statements.keys()]) : touchedStatements;
    for (const id of ids) {
      const wasLive = statements.get(id)?.deletedAt === null;
      if (!readStatementAgain(id)) continue;
      statementsChanged = true;
      // A statement that came or went changes which links count.
      if (wasLive !== (statements.get(id)?.deletedAt === null)) linksChanged = true;
    }
    for (const id of all ? new Set([...parts.links.keys(), ...links.keys()]) : touchedLinks) {
      const map = parts.links.get(id);
      if (map instanceof Y.Map) links.set(id, readLink(id, map as Y.Map<FieldValue>));
      else links.delete(id);
      linksChanged = true;
    }
    const changed: Partial<MapState> = {};
    if (statementsChanged) {
      changed.statements = [...statements.values()].filter((s) => s.deletedAt === null).sort((a, b) => a.number - b.number);
      changed.numbers = numbers;
    }
    if (linksChanged) changed.links = liveLinks(statements, links, previous.links);
    if (all || titleChanged) {
      changed.title = readTitle(doc);
      Object.assign(changed, readFacilitation(doc));
    }
    if (all || notesChanged) changed.loopNotes = readLoopNotes(doc);
    if (all || commentsChanged) Object.assign(changed, withComments(readComments(doc)));
    if (all || marksChanged) changed.marks = readAllMarks(doc);
    prior = new Map();
    touchedStatements.clear();
    touchedLinks.clear();
    numbersChanged = titleChanged = notesChanged = commentsChanged = marksChanged = false;
    return { ...changed, ...keepSelection(previous, changed.statements ?? previous.statements, changed.links ?? previous.links) };
  };

  return { note, derive };
}

/** The links that count (SPEC §1), from what the reader holds; unchanged ones keep their object. */
function liveLinks(statements: ReadonlyMap<string, NumberedStatement>, links: ReadonlyMap<string, Link>, previous: readonly Link[]): Link[] {
  const known = new Map(previous.map((link) => [link.id, link]));
  return wellFormed(links.values(), (id) => statements.get(id)?.deletedAt === null).links.map((link) => {
    const old = known.get(link.id);
    return old && sameLink(old, link) ? old : link;
  });
}

/** The parts of MapState a whole document makes, reusing what did not change (a replay's seek). */
export function deriveFromDoc(doc: Y.Doc, previous: MapState): Partial<MapState> {
  return createDocReader(doc).derive(previous);
}
