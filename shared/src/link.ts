import * as Y from 'yjs';
import { newId } from './ids.js';
import { compareIds } from './numbering.js';
import {
  type Author,
  type FieldValue,
  type Polarity,
  isPolarity,
  mapParts,
  nowOf,
  readDeletedAt,
  softDelete,
  undelete,
  readNumber,
  readString,
} from './schema.js';

/** A link as the UI and exports see it. `+` reads "may lead to", `-` "may not lead to". */
export interface Link {
  id: string;
  from: string;
  to: string;
  polarity: Polarity;
  createdAt: number;
  createdBy: string;
  deletedAt: number | null;
  deletedBy: string | null;
}

export interface NewLink {
  from: string;
  to: string;
  polarity?: Polarity;
  /** Set only by imports, which keep the ids and times of the file. */
  id?: string;
  createdAt?: number;
  createdBy?: string;
  deletedAt?: number | null;
  deletedBy?: string | null;
}

/** Why a link could not be drawn, in words the UI can show. */
export type LinkRefusal = 'self-link' | 'duplicate' | 'missing-statement';

export type AddLinkResult = { ok: true; id: string } | { ok: false; reason: LinkRefusal };

export const LINK_REFUSAL_MESSAGES: Record<LinkRefusal, string> = {
  'self-link': 'A statement cannot lead to itself.',
  duplicate: 'These statements are already linked in this direction.',
  'missing-statement': 'Both ends of a link must be statements on the map.',
};

/** Reads one link's Y.Map into a plain object. */
export function readLink(id: string, map: Y.Map<FieldValue>): Link {
  const polarity = map.get('polarity');
  const deletedBy = map.get('deletedBy');
  return {
    id,
    from: readString(map, 'from'),
    to: readString(map, 'to'),
    polarity: isPolarity(polarity) ? polarity : '+',
    createdAt: readNumber(map, 'createdAt'),
    createdBy: readString(map, 'createdBy'),
    deletedAt: readDeletedAt(map),
    deletedBy: typeof deletedBy === 'string' ? deletedBy : null,
  };
}

function isLiveStatement(doc: Y.Doc, id: string): boolean {
  const map = mapParts(doc).statements.get(id);
  return map !== undefined && readDeletedAt(map) === null;
}

/** Orders concurrent duplicates: the smallest (createdAt, id) is the link, the rest duplicates. */
export function compareLinks(a: Link, b: Link): number {
  return a.createdAt - b.createdAt || compareIds(a.id, b.id);
}

export interface WellFormedLinks {
  /** Live links between live statements, one per ordered pair, sorted by (createdAt, id). */
  links: Link[];
  /** Live links that lost to an earlier link for the same pair: to clean up. */
  duplicateIds: string[];
}

/**
 * Applies SPEC §1 well-formedness: drops deleted links, self-links, links with a missing or
 * deleted end, and keeps the smallest (createdAt, id) of any live links for one ordered pair.
 */
export function wellFormedLinks(doc: Y.Doc): WellFormedLinks {
  const all = [...mapParts(doc).links.entries()].map(([id, map]) => readLink(id, map));
  return wellFormed(all, (id) => isLiveStatement(doc, id));
}

/** The same rule over links already read, with `isLive` telling which statements are live. */
export function wellFormed(all: Iterable<Link>, isLive: (statementId: string) => boolean): WellFormedLinks {
  const candidates = [...all].filter((link) => link.deletedAt === null && link.from !== link.to && isLive(link.from) && isLive(link.to));
  candidates.sort(compareLinks);
  const seen = new Set<string>();
  const links: Link[] = [];
  const duplicateIds: string[] = [];
  for (const link of candidates) {
    const pair = `${link.from}\u0000${link.to}`;
    if (seen.has(pair)) duplicateIds.push(link.id);
    else {
      seen.add(pair);
      links.push(link);
    }
  }
  return { links, duplicateIds };
}

/** Whether a link from → to may be drawn now, or why not. */
export function canLink(doc: Y.Doc, from: string, to: string): LinkRefusal | null {
  if (from === to) return 'self-link';
  if (!isLiveStatement(doc, from) || !isLiveStatement(doc, to)) return 'missing-statement';
  const taken = wellFormedLinks(doc).links.some((link) => link.from === from && link.to === to);
  return taken ? 'duplicate' : null;
}

/**
 * Draws a link from one statement to another, refusing self-links and a second live link in
 * the same direction. Imports pass `skipChecks` to keep a file's links exactly.
 * @example addLink(doc, { from: a, to: b, polarity: '-' }, { name: 'Ben' })
 */
export function addLink(
  doc: Y.Doc,
  link: NewLink,
  author: Author,
  origin?: unknown,
  skipChecks = false,
): AddLinkResult {
  if (!skipChecks) {
    const refusal = canLink(doc, link.from, link.to);
    if (refusal) return { ok: false, reason: refusal };
  }
  const id = link.id ?? newId();
  doc.transact(() => {
    const map = new Y.Map<FieldValue>();
    map.set('from', link.from);
    map.set('to', link.to);
    map.set('polarity', link.polarity ?? '+');
    map.set('createdAt', link.createdAt ?? nowOf(author));
    map.set('createdBy', link.createdBy ?? author.name);
    if (link.deletedAt != null) {
      map.set('deletedAt', link.deletedAt);
      // null means the file did not say who deleted it: never guess the creator.
      if (link.deletedBy !== null) map.set('deletedBy', link.deletedBy ?? author.name);
    }
    // Made with the link: two people giving the first marks at once would each make one, and
    // one of the two maps (with its mark) would lose.
    (map as Y.Map<unknown>).set('marks', new Y.Map<string>());
    mapParts(doc).links.set(id, map);
  }, origin);
  return { ok: true, id };
}

/** Sets a link to "may lead to" (`+`) or "may not lead to" (`-`). */
export function setPolarity(doc: Y.Doc, id: string, polarity: Polarity, origin?: unknown): void {
  const map = mapParts(doc).links.get(id);
  if (!map || map.get('polarity') === polarity) return;
  doc.transact(() => map.set('polarity', polarity), origin);
}

/** Switches a link between "may lead to" and "may not lead to". */
export function togglePolarity(doc: Y.Doc, id: string, origin?: unknown): void {
  const map = mapParts(doc).links.get(id);
  if (!map) return;
  setPolarity(doc, id, map.get('polarity') === '-' ? '+' : '-', origin);
}

/** Soft-deletes a link. */
export function deleteLink(doc: Y.Doc, id: string, author: Author, origin?: unknown): void {
  softDelete(doc, mapParts(doc).links.get(id), author, origin);
}

/** Brings a soft-deleted link back. */
export function restoreLink(doc: Y.Doc, id: string, origin?: unknown): void {
  undelete(doc, mapParts(doc).links.get(id), origin);
}

/** Soft-deletes the duplicates that concurrent edits left behind (SPEC §1). */
export function cleanUpDuplicateLinks(doc: Y.Doc, author: Author, origin?: unknown): number {
  const { duplicateIds } = wellFormedLinks(doc);
  if (duplicateIds.length === 0) return 0;
  doc.transact(() => {
    for (const id of duplicateIds) deleteLink(doc, id, author, origin);
  }, origin);
  return duplicateIds.length;
}
