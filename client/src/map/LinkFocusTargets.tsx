import { memo } from 'react';
import { ViewportPortal } from '@xyflow/react';
import type { LinkFlowEdge } from './flow-types';
import { useSession } from './session-context';

/**
 * The links' places in the tab order. React Flow draws links before statements, so Tab would
 * reach every link first; these buttons come after the statements in the page, one on each
 * link's sign. Focus selects the link, so P and Delete act on it at once.
 */
function LinkFocusTargetsView({ edges }: { edges: LinkFlowEdge[] }) {
  const { actions } = useSession();
  return (
    <ViewportPortal>
      <div className="link-focus-targets" role="group" aria-label="Links">
        {edges.map((edge) => {
          const marker = edge.data?.route?.marker;
          if (!marker) return null;
          return (
            <button
              key={edge.id}
              type="button"
              className="link-focus-target"
              data-testid="link-focus"
              data-link-id={edge.id}
              aria-label={edge.ariaLabel}
              aria-pressed={edge.selected === true}
              style={{ transform: `translate(${marker.x - 12}px, ${marker.y - 12}px)` }}
              onFocus={() => actions.setSelection({ statementIds: [], linkIds: [edge.id] })}
            />
          );
        })}
      </div>
    </ViewportPortal>
  );
}

export const LinkFocusTargets = memo(LinkFocusTargetsView);
