import { Suspense, lazy, useState } from 'react';
import { HomePage } from '../home/HomePage';
import { loadMapPage, loadedMapPage } from './map-page-loader';
import { MessagePage } from './MessagePage';
import { useRoute } from './routes';

// The map editor (React Flow, Yjs) loads only when a map is opened, so the home page is light.
const LazyMapPage = lazy(() => loadMapPage().then((MapPage) => ({ default: MapPage })));

export function App() {
  const route = useRoute();
  // Chosen once: the code loaded before the first render (a map opened by its link) draws at
  // once; else the lazy one. Switching later would remount the map and lose its session.
  const [MapPage] = useState(() => loadedMapPage() ?? LazyMapPage);
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'map': {
      // A new key per map gives every opened map its own session. A new token for the same
      // map (this person replaced the link) keeps the session, its undo history included.
      return (
        <Suspense fallback={<p className="loading-note">Opening the map…</p>}>
          <MapPage
            key={route.mapId}
            mapId={route.mapId}
            token={route.token}
            viewToken={route.viewToken}
          />
        </Suspense>
      );
    }
    case 'not-found':
      return <MessagePage title="Page not found" message="There is nothing at this address." />;
  }
}
