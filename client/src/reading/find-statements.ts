import type { NumberedStatement } from '@causal-map/shared/map-view';

/**
 * Statements that match what someone typed into the find box: the statement with that number
 * first (so "7" goes to statement 7), then those whose text holds every word, by number.
 * @example findStatements(statements, 'memory') // statements mentioning "memory"
 */
export function findStatements(statements: readonly NumberedStatement[], query: string, limit = 8): NumberedStatement[] {
  const trimmed = query.trim().toLowerCase();
  if (!trimmed) return [];
  const byNumber = /^#?\d+$/.test(trimmed) ? Number(trimmed.replace('#', '')) : null;
  const words = trimmed.split(/\s+/);
  const exact = statements.filter((s) => s.number === byNumber);
  const byText = statements.filter((s) => {
    if (s.number === byNumber) return false;
    const text = s.text.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  return [...exact, ...byText].slice(0, limit);
}
