import type { Valence } from '@causal-map/shared/schema';

/** How each valence is shown: never by colour alone, always with a sign and a word. */
export const VALENCE_DISPLAY: Record<Valence, { sign: string; word: string; action: string; key: string; colour: string }> = {
  negative: { sign: '−', word: 'Bad', action: 'Bad for the person', key: '1', colour: '#b91c1c' },
  neutral: { sign: '○', word: 'Neutral', action: 'Neutral', key: '2', colour: '#64748b' },
  positive: { sign: '+', word: 'Good', action: 'Good for the person', key: '3', colour: '#15803d' },
};

export const VALENCE_ORDER: readonly Valence[] = ['negative', 'neutral', 'positive'];
