import type * as Y from 'yjs';
import { type Link, readLink, wellFormedLinks } from './link.js';
import { statementNumbers } from './numbering.js';
import { mapParts, readTitle } from './schema.js';
import { type Statement, readStatement } from './statement.js';

export interface NumberedStatement extends Statement {
  /** 1 + its place in `order`: the order in which the group added it. */
  number: number;
}

/** A plain, read-only picture of a whole map, for rendering, exports and tests. */
export interface MapSnapshot {
  title: string;
  /** Every statement, deleted ones included, sorted by number. */
  statements: NumberedStatement[];
  /** Every link, deleted ones included, sorted by (createdAt, id). */
  links: Link[];
  /** The links that count: live, well-formed, one per ordered pair (SPEC §1). */
  liveLinks: Link[];
  /** Live links that lost to an earlier link for the same pair. */
  duplicateLinkIds: string[];
}

/** Reads the whole map document into plain objects. */
export function readMap(doc: Y.Doc): MapSnapshot {
  const numbers = statementNumbers(doc);
  const { statements: statementMaps, links: linkMaps } = mapParts(doc);
  const statements: NumberedStatement[] = [];
  for (const [id, map] of statementMaps.entries()) {
    statements.push({ ...readStatement(id, map), number: numbers.get(id) ?? 0 });
  }
  statements.sort((a, b) => a.number - b.number);
  const links: Link[] = [];
  for (const [id, map] of linkMaps.entries()) links.push(readLink(id, map));
  links.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { links: liveLinks, duplicateIds } = wellFormedLinks(doc);
  return { title: readTitle(doc), statements, links, liveLinks, duplicateLinkIds: duplicateIds };
}
