import type { Valence } from '@causal-map/shared/schema';

/** What the map shows at full strength; everything else fades. `all` fades nothing. */
export type ReadingFilter = 'all' | Valence | 'on-loop' | 'contested';

export const READING_FILTERS: readonly { value: ReadingFilter; label: string }[] = [
  { value: 'all', label: 'Everything' },
  { value: 'negative', label: 'Bad statements' },
  { value: 'neutral', label: 'Neutral statements' },
  { value: 'positive', label: 'Good statements' },
  { value: 'on-loop', label: 'Statements on loops' },
  { value: 'contested', label: 'Contested links' },
];

/**
 * Whether a statement stays at full strength under the filter. Under "Contested links" the
 * statements that a link someone disagrees with joins stay (`contestedEnd`).
 */
export function isShown(filter: ReadingFilter, statement: { valence: Valence }, onLoop: boolean, contestedEnd = false): boolean {
  if (filter === 'all') return true;
  if (filter === 'on-loop') return onLoop;
  if (filter === 'contested') return contestedEnd;
  return statement.valence === filter;
}
