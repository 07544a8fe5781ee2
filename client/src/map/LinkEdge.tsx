import { memo } from 'react';
import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { type LinkFlowEdge, linkSentence, loopMarkAttributes } from './flow-types';

/**
 * A link: an arrow along its route, which goes around every statement it does not join.
 * "May not lead to" is dashed and carries a clear minus sign near its head; "may lead to"
 * carries a plus, so polarity never hangs on colour.
 */
function LinkEdgeView({ id, data, selected, markerEnd }: EdgeProps<LinkFlowEdge>) {
  if (!data?.route) return null;
  const { link, fromNumber, toNumber, onLoop, loopMark, route, faded } = data;
  const { marker } = route;
  const negative = link.polarity === '-';
  const classes = ['link', negative ? 'link-negative' : 'link-positive'];
  if (selected) classes.push('is-selected');
  if (onLoop) classes.push('on-loop');
  if (loopMark) classes.push(`is-${loopMark}`);
  if (faded) classes.push('is-faded');

  return (
    <g
      className={classes.join(' ')}
      data-testid="link"
      data-link-id={id}
      data-from-number={fromNumber}
      data-to-number={toNumber}
      data-polarity={link.polarity}
      data-faded={faded ? 'true' : undefined}
      {...loopMarkAttributes(onLoop, loopMark)}
    >
      <title>{linkSentence(fromNumber, toNumber, link.polarity)}</title>
      {/* A wide soft band under the whole selected link, so it stands out along its length. */}
      {selected && <path className="link-halo" d={route.path} data-testid="link-halo" />}
      <BaseEdge id={id} path={route.path} markerEnd={markerEnd} interactionWidth={24} className="link-path" />
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
