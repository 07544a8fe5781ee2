import { Suspense, lazy, useState } from 'react';
import { READING_FILTERS, type ReadingFilter } from '../map/reading-filter';
import { useMapState, useSession } from '../map/session-context';
import { FindStatement } from './FindStatement';

const Legend = lazy(() => import('./Legend'));

/** Reading aids for everyone, editors and viewers: find, a filter that fades, the legend. */
export function ReadingBar() {
  const { store } = useSession();
  const filter = useMapState((state) => state.filter);
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
      </div>
      {legendOpen && (
        <Suspense fallback={null}>
          <Legend onClose={() => setLegendOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
