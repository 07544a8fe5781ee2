import type { Mark } from '@causal-map/shared/marks';

/** Each mark's sign (on the map) and word (in buttons and lists): never colour alone. */
export const MARK_WORDS: Record<Mark, { sign: string; word: string }> = {
  agree: { sign: '✓', word: 'Agree' },
  disagree: { sign: '✗', word: 'Disagree' },
  unsure: { sign: '?', word: 'Unsure' },
};
