import { type MouseEvent, memo } from 'react';
import { FlowLayer } from './FlowLayer';
import type { Route } from '@causal-map/shared/geometry/route';
import { type LinkItem, linkSentence, loopMarkAttributes } from './flow-types';
import { useSession } from './session-context';

/** Arrowheads, one per colour a link can be drawn in (the colours follow its line's styles). */
const ARROWS = { plain: '#334155', selected: '#1d4ed8', highlighted: '#7c3aed' } as const;

const arrowOf = (item: LinkItem) =>
  `url(#link-arrow-${item.selected ? 'selected' : item.loopMark === 'highlighted' ? 'highlighted' : 'plain'})`;

function ArrowMarkers() {
  return (
    <defs>
      {Object.entries(ARROWS).map(([name, colour]) => (
        <marker
          key={name}
          id={`link-arrow-${name}`}
          markerWidth="18"
          markerHeight="18"
          viewBox="-10 -10 20 20"
          markerUnits="strokeWidth"
          orient="auto-start-reverse"
          refX="0"
          refY="0"
        >
          <polyline stroke={colour} fill={colour} strokeWidth="1" strokeLinecap="round" strokeLinejoin="round" points="-5,-4 0,0 -5,4 -5,-4" />
        </marker>
      ))}
    </defs>
  );
}

/**
 * A link: an arrow along its route, which goes around every statement it does not join.
 * "May not lead to" is dashed and carries a clear minus sign near its head; "may lead to"
 * carries a plus, so polarity never hangs on colour.
 */
function LinkShapeView({ item, route }: { item: LinkItem; route: Route }) {
  const { id, link, fromNumber, toNumber, selected, onLoop, loopMark, faded, marks, contested, threads } = item;
  const { marker } = route;
  const negative = link.polarity === '-';
  const classes = ['link', negative ? 'link-negative' : 'link-positive'];
  if (selected) classes.push('is-selected');
  if (onLoop) classes.push('on-loop');
  if (loopMark) classes.push(`is-${loopMark}`);
  if (faded) classes.push('is-faded');
  if (contested) classes.push('is-contested');
  const talk = [marks, threads > 0 ? `❝${threads}` : ''].filter(Boolean).join(' ');

  // Each link its own <svg>, as React Flow draws edges: a changed link then repaints alone, where
  // one <svg> for all would repaint (and rasterise) the whole map on every step of a drag.
  return (
    <svg className="link-svg" width="1" height="1">
      <g
        className={classes.join(' ')}
        data-testid="link"
        data-link-id={id}
        data-from-number={fromNumber}
        data-to-number={toNumber}
        data-polarity={link.polarity}
        data-faded={faded ? 'true' : undefined}
        data-contested={contested ? 'true' : undefined}
        {...loopMarkAttributes(onLoop, loopMark)}
      >
        <title>{linkSentence(fromNumber, toNumber, link.polarity)}</title>
        {/* A wide soft band under the whole selected link, so it stands out along its length. */}
        {selected && <path className="link-halo" d={route.path} data-testid="link-halo" />}
        <path className="link-path" d={route.path} markerEnd={arrowOf(item)} />
        {/* Wide and invisible: the link is easy to click, not only its thin line. */}
        <path className="link-hit" d={route.path} />
        {/* In map coordinates rather than translated: thousands of transforms slow every frame. */}
        <g className={`link-sign ${negative ? 'link-sign-minus' : 'link-sign-plus'}`} data-testid={negative ? 'link-minus' : 'link-plus'}>
          <circle cx={marker.x} cy={marker.y} r={negative ? 9 : 8} />
          <path d={negative ? `M ${marker.x - 5} ${marker.y} h 10` : `M ${marker.x - 4} ${marker.y} h 8 M ${marker.x} ${marker.y - 4} v 8`} />
        </g>
        {/* How people marked it and open threads, beside the sign: "✓2 ✗1 ❝1". */}
        {talk && (
          <text className="link-talk" x={marker.x + 13} y={marker.y - 10} data-testid="link-talk">
            {talk}
          </text>
        )}
      </g>
    </svg>
  );
}

const LinkShape = memo(LinkShapeView);

/**
 * Every link, drawn below the statements by the map itself rather than as React Flow edges:
 * the routes are ours, and React Flow would otherwise work out 2,000 edge positions it never
 * draws on every step of a drag. A click selects a link; with Shift, Ctrl or ⌘ it joins the
 * selection or leaves it.
 *
 * The links of statements being dragged (`moving`) are drawn on a layer of their own, over the
 * other statements and under the dragged ones: redrawn on every step of the drag, they would
 * otherwise make the browser paint the whole map again around them each time.
 */
function LinkLayerView({ items, moving }: { items: LinkItem[]; moving: ReadonlySet<string> }) {
  const { actions } = useSession();
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const id = (event.target as Element).closest('[data-link-id]')?.getAttribute('data-link-id');
    if (id) actions.selectLink(id, event.shiftKey || event.metaKey || event.ctrlKey);
  };
  const isMoving = (item: LinkItem) => moving.has(item.link.from) || moving.has(item.link.to);
  return (
    <FlowLayer place="below">
      <div className="link-layer" onClick={onClick}>
        <svg className="link-svg" width="1" height="1" aria-hidden="true">
          <ArrowMarkers />
        </svg>
        {/* A link not yet routed is left out here, not drawn as nothing by LinkShape: thousands
            of components drawing nothing made React search past them for every link routed. */}
        {items.map((item) => (item.route && !(moving.size > 0 && isMoving(item)) ? <LinkShape key={item.id} item={item} route={item.route} /> : null))}
      </div>
      {moving.size > 0 && (
        <div className="link-layer link-layer-moving" data-testid="moving-links">
          {items.map((item) => (item.route && isMoving(item) ? <LinkShape key={item.id} item={item} route={item.route} /> : null))}
        </div>
      )}
    </FlowLayer>
  );
}

export const LinkLayer = memo(LinkLayerView);
