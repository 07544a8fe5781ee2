import { memo, useDeferredValue } from 'react';
import type { Point } from '@causal-map/shared/geometry/box';
import { FlowLayer } from './FlowLayer';
import { type LinkItem, linkSentence } from './flow-types';
import { useSession } from './session-context';

function LinkFocusTargetView({ item, marker, onFocusLink }: { item: LinkItem; marker: Point; onFocusLink: (id: string) => void }) {
  return (
    <button
      type="button"
      className="link-focus-target"
      data-testid="link-focus"
      data-link-id={item.id}
      aria-label={linkSentence(item.fromNumber, item.toNumber, item.link.polarity)}
      aria-pressed={item.selected}
      aria-description={[item.contested ? 'Someone disagrees with it.' : '', item.threads > 0 ? `${item.threads} open ${item.threads === 1 ? 'thread' : 'threads'}.` : ''].join(' ').trim() || undefined}
      // Where it goes when focused (see canvas.css).
      style={{ ['--x' as string]: `${marker.x - 12}px`, ['--y' as string]: `${marker.y - 12}px` }}
      onFocus={() => onFocusLink(item.id)}
    />
  );
}

const LinkFocusTarget = memo(LinkFocusTargetView);

/**
 * The links' places in the tab order. The links are drawn below the statements, so Tab would
 * reach every link first; these buttons come after the statements in the page, one on each
 * link's sign. Focus selects the link, so P and Delete act on it at once.
 */
function LinkFocusTargetsView({ items: latest }: { items: LinkItem[] }) {
  // Unseen until focused: they follow the drawn links in a render of their own that yields to
  // drawing (on opening a large map, the links showed ~25 % later when drawn with these).
  const items = useDeferredValue(latest);
  const { actions } = useSession();
  const onFocusLink = actions.selectLink;
  return (
    <FlowLayer place="above">
      <div className="link-focus-targets" role="group" aria-label="Links">
        {/* Not yet routed, no target (left out here: see LinkLayer). */}
        {items.map((item) => (item.route ? <LinkFocusTarget key={item.id} item={item} marker={item.route.marker} onFocusLink={onFocusLink} /> : null))}
      </div>
    </FlowLayer>
  );
}

export const LinkFocusTargets = memo(LinkFocusTargetsView);
