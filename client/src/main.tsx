import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './app/App';
import { homePage, prepareMapPage } from './app/pages';
import { keepAppForOffline } from './app/offline-shell';
import { parseRoute } from './app/routes';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
const route = parseRoute(window.location.pathname, window.location.hash);
if (route.page === 'map') void prepareMapPage(route.mapId, route.token).then(render);
else if (route.page === 'home') void homePage.load().catch(() => null).then(render);
else render();
keepAppForOffline();
