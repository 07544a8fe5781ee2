import { Suspense, lazy, useState } from 'react';
import { READING_FILTERS, type ReadingFilter } from '../map/reading-filter';
import { useMapState, useSession } from '../map/session-context';
import { FindStatement } from './FindStatement';

const Legend = lazy(() => import('./Legend'));

/**
 * Reading aids for everyone, editors and viewers: find, a filter that fades, the legend, and
 * the details of the selected statement or link (who made it, who changed it).
 */
export function ReadingBar({ onDetails }: { onDetails?: () => void }) {
  const { store } = useSession();
  const filter = useMapState((state) => state.filter);
  const oneSelected = useMapState((state) => state.selection.statementIds.length + state.selection.linkIds.length === 1);
  const [legendOpen, setLegendOpen] = useState(false);
  return (
    <>
      <div className="reading-bar" role="group" aria-label="Reading aids">
        <FindStatement />
        <label className="filter-select">
          <span>Show</span>
          <select value={filter} onChange={(event) => store.setState({ filter: event.target.value as ReadingFilter })}>
            {READING_FILTERS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-expanded={legendOpen} onClick={() => setLegendOpen((open) => !open)}>
          Legend
        </button>
        {onDetails && (
          <button
            type="button"
            disabled={!oneSelected}
            aria-keyshortcuts="I"
            title={oneSelected ? 'Who made it and who changed it (I)' : 'Select one statement or link to see who made it (I)'}
            onClick={onDetails}
          >
            Details
          </button>
        )}
      </div>
      {legendOpen && (
        <Suspense fallback={null}>
          <Legend onClose={() => setLegendOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
