import type * as Y from 'yjs';
import { mapParts, readNumber } from './schema.js';

/**
 * Statement numbers (SPEC §1): 1 + the index of the id in `order`. Ids are never removed from
 * `order`, so numbers never shift. A statement missing from `order` (a foreign writer) is
 * numbered after all others, by `createdAt` then id. Duplicate ids in `order` keep their first
 * place.
 * @example statementNumbers(doc).get(id) // 4
 */
export function statementNumbers(doc: Y.Doc): Map<string, number> {
  const { statements, order } = mapParts(doc);
  const numbers = new Map<string, number>();
  let index = 0;
  for (const id of order.toArray()) {
    index += 1;
    if (typeof id === 'string' && !numbers.has(id)) numbers.set(id, index);
  }
  const unordered: { id: string; createdAt: number }[] = [];
  for (const [id, map] of statements.entries()) {
    if (!numbers.has(id)) unordered.push({ id, createdAt: readNumber(map, 'createdAt') });
  }
  unordered.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
  for (const { id } of unordered) {
    index += 1;
    numbers.set(id, index);
  }
  return numbers;
}

/** Plain string order (code units), the same on every machine, unlike localeCompare. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
