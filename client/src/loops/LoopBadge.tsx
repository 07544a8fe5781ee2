import type { Loop } from '@causal-map/shared/analysis/types';
import type { LoopKind } from './loop-state';

/** Each kind carries an icon and a word, so it never hangs on colour alone. */
export const LOOP_KIND_DISPLAY: Record<LoopKind, { icon: string; word: string }> = {
  vicious: { icon: '⚠', word: 'Vicious' },
  virtuous: { icon: '✓', word: 'Virtuous' },
  unclassified: { icon: '○', word: 'Unclassified' },
  balancing: { icon: '⇄', word: 'Balancing' },
};

function Badge({ kind }: { kind: LoopKind }) {
  const display = LOOP_KIND_DISPLAY[kind];
  return (
    <span className={`loop-badge loop-badge-${kind}`}>
      <span aria-hidden="true">{display.icon}</span> {display.word}
    </span>
  );
}

/**
 * What a loop does: its character, and "Balancing" for a balancing loop (which has a character
 * only if the team gave it one).
 */
export function LoopBadges({ loop }: { loop: Pick<Loop, 'polarity' | 'character'> }) {
  return (
    <span className="loop-badges">
      {loop.polarity === 'balancing' && <Badge kind="balancing" />}
      {loop.character && <Badge kind={loop.character} />}
    </span>
  );
}
