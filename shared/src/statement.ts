import * as Y from 'yjs';
import { newId } from './ids.js';
import {
  type Author,
  type FieldValue,
  type Valence,
  isValence,
  mapParts,
  nowOf,
  readDeletedAt,
  softDelete,
  undelete,
  readNumber,
  readString,
} from './schema.js';

/** A statement as the UI and exports see it: a plain snapshot of its Y.Map. */
export interface Statement {
  id: string;
  text: string;
  x: number;
  y: number;
  valence: Valence;
  /** The team pinned it: layouts leave it where it is. An optional field; absent means false. */
  pinned: boolean;
  createdAt: number;
  createdBy: string;
  deletedAt: number | null;
  deletedBy: string | null;
}

export interface NewStatement {
  text?: string;
  x: number;
  y: number;
  valence?: Valence;
  pinned?: boolean;
  /** Set only by imports, which keep the ids and times of the file. */
  id?: string;
  createdAt?: number;
  createdBy?: string;
  deletedAt?: number | null;
  deletedBy?: string | null;
}

/** Reads one statement's Y.Map into a plain object; tolerant of foreign writers' gaps. */
export function readStatement(id: string, map: Y.Map<FieldValue>): Statement {
  const text = map.get('text');
  const valence = map.get('valence');
  const deletedBy = map.get('deletedBy');
  return {
    id,
    text: text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '',
    x: readNumber(map, 'x'),
    y: readNumber(map, 'y'),
    valence: isValence(valence) ? valence : 'neutral',
    pinned: map.get('pinned') === true,
    createdAt: readNumber(map, 'createdAt'),
    createdBy: readString(map, 'createdBy'),
    deletedAt: readDeletedAt(map),
    deletedBy: typeof deletedBy === 'string' ? deletedBy : null,
  };
}

/**
 * Adds a statement and appends its id to `order` in one transaction, so its number is fixed
 * the moment peers see it. Returns the new id.
 * @example addStatement(doc, { text: 'Pain at night', x: 0, y: 0 }, { name: 'Ana' })
 */
export function addStatement(
  doc: Y.Doc,
  statement: NewStatement,
  author: Author,
  origin?: unknown,
): string {
  const id = statement.id ?? newId();
  doc.transact(() => {
    const { statements, order } = mapParts(doc);
    const map = new Y.Map<FieldValue>();
    const text = new Y.Text();
    text.insert(0, statement.text ?? '');
    map.set('text', text);
    map.set('x', statement.x);
    map.set('y', statement.y);
    map.set('valence', statement.valence ?? 'neutral');
    if (statement.pinned) map.set('pinned', true);
    map.set('createdAt', statement.createdAt ?? nowOf(author));
    map.set('createdBy', statement.createdBy ?? author.name);
    if (statement.deletedAt != null) {
      map.set('deletedAt', statement.deletedAt);
      // null means the file did not say who deleted it: never guess the creator.
      if (statement.deletedBy !== null) map.set('deletedBy', statement.deletedBy ?? author.name);
    }
    statements.set(id, map);
    order.push([id]);
  }, origin);
  return id;
}

/** The collaborative text of a statement, for editors that bind to it; undefined if unknown. */
export function statementText(doc: Y.Doc, id: string): Y.Text | undefined {
  const text = mapParts(doc).statements.get(id)?.get('text');
  return text instanceof Y.Text ? text : undefined;
}

/** Replaces a statement's whole text (for scripts and tests; editors edit the Y.Text in place). */
export function setStatementText(doc: Y.Doc, id: string, value: string, origin?: unknown): void {
  const text = statementText(doc, id);
  if (!text) return;
  doc.transact(() => {
    text.delete(0, text.length);
    text.insert(0, value);
  }, origin);
}

/** Moves a statement on the canvas. */
export function moveStatement(doc: Y.Doc, id: string, x: number, y: number, origin?: unknown): void {
  const map = mapParts(doc).statements.get(id);
  if (!map || !Number.isFinite(x) || !Number.isFinite(y)) return;
  doc.transact(() => {
    if (map.get('x') !== x) map.set('x', x);
    if (map.get('y') !== y) map.set('y', y);
  }, origin);
}

/**
 * Moves many statements in one transaction, so a layout reaches everyone as one change and one
 * undo step puts every statement back.
 */
export function moveStatements(doc: Y.Doc, positions: ReadonlyMap<string, { x: number; y: number }>, origin?: unknown): void {
  doc.transact(() => {
    for (const [id, point] of positions) moveStatement(doc, id, Math.round(point.x), Math.round(point.y), origin);
  }, origin);
}

/** Pins a statement (layouts leave it where it is) or unpins it; unpinning removes the field. */
export function setPinned(doc: Y.Doc, id: string, pinned: boolean, origin?: unknown): void {
  const map = mapParts(doc).statements.get(id);
  if (!map || (map.get('pinned') === true) === pinned) return;
  doc.transact(() => {
    if (pinned) map.set('pinned', true);
    else map.delete('pinned');
  }, origin);
}

/** Marks a statement as bad, neutral or good for the person at the centre of the case. */
export function setValence(doc: Y.Doc, id: string, valence: Valence, origin?: unknown): void {
  const map = mapParts(doc).statements.get(id);
  if (!map || map.get('valence') === valence) return;
  doc.transact(() => map.set('valence', valence), origin);
}

/** Soft-deletes a statement: it stays in the document for history and replay. */
export function deleteStatement(doc: Y.Doc, id: string, author: Author, origin?: unknown): void {
  softDelete(doc, mapParts(doc).statements.get(id), author, origin);
}

/** Brings a soft-deleted statement back. */
export function restoreStatement(doc: Y.Doc, id: string, origin?: unknown): void {
  undelete(doc, mapParts(doc).statements.get(id), origin);
}
