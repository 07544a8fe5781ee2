import { memo } from 'react';
import type { Loop } from '@causal-map/shared/analysis/types';
import { loopChain } from '@causal-map/shared/loop';
import { LoopBadges } from './LoopBadge';
import { loopKind } from './loop-state';

const PROVISIONAL = 'provisional until the server labels it';

interface LoopRowProps {
  id: string;
  /** 1-based place in the whole list: not every row is drawn. */
  position: number;
  count: number;
  /** Rows above it are not drawn. */
  afterGap?: boolean;
  loop: Loop;
  selected: boolean;
  /** Someone disagrees with one of its links. */
  contested?: boolean;
  onSelect: (key: string) => void;
}

/** One loop in the list: its name, the team's title, what it does and its chain. */
function LoopRowView({ id, position, count, afterGap = false, loop, selected, contested = false, onSelect }: LoopRowProps) {
  const kind = loopKind(loop);
  const classes = ['loop-row', `loop-row-${kind}`];
  if (selected) classes.push('is-selected');
  if (afterGap) classes.push('after-gap');
  return (
    <li
      id={id}
      role="option"
      aria-selected={selected}
      aria-posinset={position}
      aria-setsize={count}
      className={classes.join(' ')}
      data-testid="loop"
      data-loop-key={loop.key}
      data-loop-name={loop.name}
      data-character={kind}
      data-provisional={loop.provisional ? 'true' : undefined}
      onClick={() => onSelect(loop.key)}
    >
      <span className="loop-row-head">
        <span className={loop.provisional ? 'loop-name is-provisional' : 'loop-name'} title={loop.provisional ? PROVISIONAL : undefined}>
          {loop.name}
        </span>
        {loop.title && <span className="loop-title">{loop.title}</span>}
        <LoopBadges loop={loop} />
        {contested && (
          <span className="loop-badge loop-badge-contested" data-testid="loop-contested" title="Someone disagrees with one of its links">
            <span aria-hidden="true">✗</span> Contested
          </span>
        )}
        {loop.provisional && <span className="visually-hidden">provisional name</span>}
      </span>
      <span className="loop-chain" data-testid="loop-chain">
        {loopChain(loop)}
      </span>
    </li>
  );
}

export const LoopRow = memo(LoopRowView);
