import { Suspense, lazy } from 'react';
import { HomePage } from '../home/HomePage';
import { MessagePage } from './MessagePage';
import { useRoute } from './routes';

// The map editor (React Flow, Yjs) loads only when a map is opened, so the home page is light.
const MapPage = lazy(() => import('../map/MapPage').then((module) => ({ default: module.MapPage })));

export function App() {
  const route = useRoute();
  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'map':
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
    case 'not-found':
      return <MessagePage title="Page not found" message="There is nothing at this address." />;
  }
}
