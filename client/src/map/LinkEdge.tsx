import { memo } from 'react';
import { BaseEdge, type EdgeProps, useInternalNode } from '@xyflow/react';
import { type LinkFlowEdge, linkSentence, loopMarkAttributes } from './flow-types';
import { linkGeometry } from './floating-edge';

/**
 * A link: an arrow from border to border. "May not lead to" is dashed and carries a clear
 * minus sign near its head; "may lead to" carries a plus, so polarity never hangs on colour.
 */
function LinkEdgeView({ id, source, target, data, selected, markerEnd }: EdgeProps<LinkFlowEdge>) {
  const from = useInternalNode(source);
  const to = useInternalNode(target);
  if (!from || !to || !data) return null;
  const { link, fromNumber, toNumber, hasReverse, onLoop, loopMark } = data;
  const { source: start, target: end, marker } = linkGeometry(from, to, hasReverse);
  const path = `M ${start.x},${start.y} L ${end.x},${end.y}`;
  const negative = link.polarity === '-';
  const classes = ['link', negative ? 'link-negative' : 'link-positive'];
  if (selected) classes.push('is-selected');
  if (onLoop) classes.push('on-loop');
  if (loopMark) classes.push(`is-${loopMark}`);

  return (
    <g
      className={classes.join(' ')}
      data-testid="link"
      data-link-id={id}
      data-from-number={fromNumber}
      data-to-number={toNumber}
      data-polarity={link.polarity}
      {...loopMarkAttributes(onLoop, loopMark)}
    >
      <title>{linkSentence(fromNumber, toNumber, link.polarity)}</title>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} interactionWidth={24} className="link-path" />
      {negative ? (
        <g className="link-sign link-sign-minus" data-testid="link-minus" transform={`translate(${marker.x},${marker.y})`}>
          <circle r={9} />
          <path d="M -5 0 H 5" />
        </g>
      ) : (
        <g className="link-sign link-sign-plus" data-testid="link-plus" transform={`translate(${marker.x},${marker.y})`}>
          <circle r={8} />
          <path d="M -4 0 H 4 M 0 -4 V 4" />
        </g>
      )}
    </g>
  );
}

export const LinkEdge = memo(LinkEdgeView);
