import { useEffect, useState } from 'react';
import { mapHref, navigate } from '../app/routes';
import type { CreatedMap } from '../app/api';
import { OpenExampleButton } from '../help/OpenExampleButton';
import { CreateMapForm } from './CreateMapForm';
import { ImportMap } from './ImportMap';
import { RecentMapsList } from './RecentMapsList';
import { rememberMap } from './recent-maps';

/** Opens a map the server just made, remembering its tokens in this browser. */
function openCreatedMap(map: CreatedMap, title: string): void {
  rememberMap({ id: map.id, title, editToken: map.editToken, viewToken: map.viewToken });
  navigate(mapHref(map.id, map.editToken, map.viewToken));
}

export function HomePage() {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    document.title = 'Causal Map';
  }, []);
  return (
    <div
      className={dragging ? 'home home-dragging' : 'home'}
      onDragEnter={(event) => {
        if (event.dataTransfer.types.includes('Files')) setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={() => setDragging(false)}
    >
      <header className="home-header">
        <h1>Causal Map</h1>
        <p className="tagline">
          Map a difficult case together, live: what leads to what, and which loops keep it going.
        </p>
      </header>
      <main className="home-main">
        <section aria-labelledby="create-heading" className="card">
          <h2 id="create-heading">Create a map</h2>
          <CreateMapForm onCreated={openCreatedMap} />
          <OpenExampleButton
            hint="A made-up case with its loops already drawn, as a new map to try things on."
            go={navigate}
          />
        </section>
        <section aria-labelledby="recent-heading" className="card">
          <h2 id="recent-heading">Recent maps</h2>
          <RecentMapsList />
        </section>
        <section aria-labelledby="import-heading" className="card">
          <h2 id="import-heading">Import a map</h2>
          <ImportMap onImported={openCreatedMap} />
        </section>
      </main>
    </div>
  );
}
