import { useMapState } from '../map/session-context';
import { NUMBER } from './numbers';

/** How many loops of each kind, and an honest word when the list stopped short. */
export function LoopCounts() {
  const counts = useMapState((state) => state.counts);
  const truncated = useMapState((state) => state.truncated);
  const listed = useMapState((state) => state.loops.length);
  return (
    <>
      <p className="loop-counts" data-testid="loop-counts">
        <span data-count="reinforcing">{NUMBER.format(counts.reinforcing)} reinforcing</span>
        <span aria-hidden="true"> · </span>
        <span data-count="balancing">{NUMBER.format(counts.balancing)} balancing</span>
        <span aria-hidden="true"> · </span>
        {counts.vicious > 0 && (
          <span aria-hidden="true" className="loop-count-vicious">
            ⚠{' '}
          </span>
        )}
        <span data-count="vicious" className={counts.vicious > 0 ? 'loop-count-vicious' : undefined}>
          {NUMBER.format(counts.vicious)} vicious
        </span>
      </p>
      {truncated && (
        <p className="loop-truncated" role="note">
          Showing the first {NUMBER.format(listed)} loops; there are more.
        </p>
      )}
    </>
  );
}
