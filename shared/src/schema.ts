import * as Y from 'yjs';

/** Is this circumstance bad, neutral or good for the person at the centre of the case. */
export type Valence = 'negative' | 'neutral' | 'positive';
/** `+` reads "may lead to"; `-` reads "may not lead to". */
export type Polarity = '+' | '-';

export const VALENCES: readonly Valence[] = ['negative', 'neutral', 'positive'];
export const POLARITIES: readonly Polarity[] = ['+', '-'];
export const SCHEMA_VERSION = 1;

/** A field value stored in a statement's or link's Y.Map. */
export type FieldValue = string | number | boolean | Y.Text | null | undefined;

/** The top-level shared types of one map's Y.Doc, by their contract names (SPEC §1). */
export interface MapParts {
  meta: Y.Map<unknown>;
  statements: Y.Map<Y.Map<FieldValue>>;
  order: Y.Array<string>;
  links: Y.Map<Y.Map<FieldValue>>;
  loopNotes: Y.Map<Y.Map<unknown>>;
  labels: Y.Map<string>;
  flags: Y.Map<Y.Map<unknown>>;
}

/** The named top-level types of a map document; getting them also defines them on the doc. */
export function mapParts(doc: Y.Doc): MapParts {
  return {
    meta: doc.getMap('meta'),
    statements: doc.getMap('statements'),
    order: doc.getArray('order'),
    links: doc.getMap('links'),
    loopNotes: doc.getMap('loopNotes'),
    labels: doc.getMap('labels'),
    flags: doc.getMap('flags'),
  };
}

/** Who made a change and when; the UI passes the display name, tests may pin the clock. */
export interface Author {
  name: string;
  now?: () => number;
}

export function nowOf(author: Author): number {
  return author.now ? author.now() : Date.now();
}

export function isValence(value: unknown): value is Valence {
  return value === 'negative' || value === 'neutral' || value === 'positive';
}

export function isPolarity(value: unknown): value is Polarity {
  return value === '+' || value === '-';
}

export function readString(map: Y.Map<FieldValue>, field: string, fallback = ''): string {
  const value = map.get(field);
  return typeof value === 'string' ? value : fallback;
}

export function readNumber(map: Y.Map<FieldValue>, field: string, fallback = 0): number {
  const value = map.get(field);
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** `deletedAt` as a number, or null while the entry is live. */
export function readDeletedAt(map: Y.Map<FieldValue>): number | null {
  const value = map.get('deletedAt');
  return typeof value === 'number' ? value : null;
}

/**
 * Soft-deletes a statement's or link's entry: it stays in the document, so history and replay
 * keep it. Does nothing if the entry is missing or already deleted.
 */
export function softDelete(doc: Y.Doc, map: Y.Map<FieldValue> | undefined, author: Author, origin?: unknown): void {
  if (!map || readDeletedAt(map) !== null) return;
  doc.transact(() => {
    map.set('deletedAt', nowOf(author));
    map.set('deletedBy', author.name);
  }, origin);
}

/** Brings a soft-deleted entry back by removing `deletedAt` and `deletedBy`. */
export function undelete(doc: Y.Doc, map: Y.Map<FieldValue> | undefined, origin?: unknown): void {
  if (!map || readDeletedAt(map) === null) return;
  doc.transact(() => {
    map.delete('deletedAt');
    map.delete('deletedBy');
  }, origin);
}

/** The map's title from `meta`. */
export function readTitle(doc: Y.Doc): string {
  const title = mapParts(doc).meta.get('title');
  return typeof title === 'string' ? title : '';
}

/** Sets the map's title and schema version. */
export function setTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  doc.transact(() => {
    const { meta } = mapParts(doc);
    meta.set('title', title);
    if (meta.get('schema') !== SCHEMA_VERSION) meta.set('schema', SCHEMA_VERSION);
  }, origin);
}

/**
 * The key in `top` (a map of entries, like `statements`) of the entry a changed Yjs type belongs
 * to: a statement's text changing gives that statement's id. Null for a type outside `top`.
 */
export function entryKeyOf(type: Y.AbstractType<unknown>, top: Y.AbstractType<unknown>): string | null {
  let current: Y.AbstractType<unknown> | null = type;
  while (current && current.parent !== top) current = current.parent as Y.AbstractType<unknown> | null;
  const key = current?._item?.parentSub;
  return typeof key === 'string' ? key : null;
}
