import type { Valence } from '@causal-map/shared/schema';

/** What the map shows at full strength; everything else fades. `all` fades nothing. */
export type ReadingFilter = 'all' | Valence | 'on-loop';

export const READING_FILTERS: readonly { value: ReadingFilter; label: string }[] = [
  { value: 'all', label: 'Everything' },
  { value: 'negative', label: 'Bad statements' },
  { value: 'neutral', label: 'Neutral statements' },
  { value: 'positive', label: 'Good statements' },
  { value: 'on-loop', label: 'Statements on loops' },
];

/** Whether a statement stays at full strength under the filter. */
export function isShown(filter: ReadingFilter, statement: { valence: Valence }, onLoop: boolean): boolean {
  if (filter === 'all') return true;
  if (filter === 'on-loop') return onLoop;
  return statement.valence === filter;
}
