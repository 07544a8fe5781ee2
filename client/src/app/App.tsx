import { Suspense, useState } from 'react';
import { homePage, mapPage } from './pages';
import { MessagePage } from './MessagePage';
import { useRoute } from './routes';

export function App() {
  const route = useRoute();
  // Chosen once: a page whose code came before the first render draws at once; else the lazy
  // one. Switching later would remount the map and lose its session.
  const [MapPage] = useState(mapPage.component);
  const [HomePage] = useState(homePage.component);
  switch (route.page) {
    case 'home':
      return (
        <Suspense fallback={null}>
          <HomePage />
        </Suspense>
      );
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
