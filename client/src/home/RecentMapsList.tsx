import { mapHref } from '../app/routes';
import { type RecentMap, forgetMap, useRecentMaps } from './recent-maps';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function hrefOf(map: RecentMap): string | null {
  if (map.editToken) return mapHref(map.id, map.editToken, map.viewToken);
  if (map.viewToken) return mapHref(map.id, map.viewToken);
  return null;
}

export function RecentMapsList() {
  const maps = useRecentMaps();
  if (maps.length === 0) {
    return <p className="empty-note">No maps yet. Maps you create or open in this browser appear here.</p>;
  }
  return (
    <ul className="recent-maps">
      {maps.map((map) => {
        const href = hrefOf(map);
        const title = map.title || 'Untitled map';
        return (
          <li key={map.id}>
            <div className="recent-map-text">
              {href ? <a href={href}>{title}</a> : <span>{title}</span>}
              <span className="recent-map-meta">
                {map.editToken ? 'Can edit' : 'View only'} · opened {dateFormat.format(map.lastOpened)}
              </span>
            </div>
            <button
              type="button"
              className="quiet"
              aria-label={`Forget ${title}`}
              title="Remove from this list (the map itself stays)"
              onClick={() => forgetMap(map.id)}
            >
              Forget
            </button>
          </li>
        );
      })}
    </ul>
  );
}
