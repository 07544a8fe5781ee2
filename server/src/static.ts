import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Causal map</title></head>
<body><h1>The app has not been built yet</h1>
<p>Run <code>npm run build</code>, then reload this page. The API and websockets work already.</p>
</body></html>
`;

function indexModified(clientDir: string): number | null {
  try {
    return fs.statSync(path.join(clientDir, 'index.html')).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Serves the built client with a single-page fallback (`/m/:id` gets index.html). The files are
 * indexed again whenever index.html changes, so a rebuild while the server runs is picked up;
 * until there is a build, every page says how to make one.
 */
export function createStaticHandler(clientDir: string): Handler {
  let served: { modified: number; handler: ReturnType<typeof sirv> } | null = null;

  return (request, response) => {
    const modified = indexModified(clientDir);
    if (modified === null) {
      response.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(NOT_BUILT_PAGE);
      return;
    }
    if (served?.modified !== modified) {
      served = {
        modified,
        handler: sirv(clientDir, {
          single: true,
          etag: true,
          gzip: true,
          brotli: true,
          setHeaders(res, pathname) {
            // Vite puts content hashes in asset names, so they never change under one name.
            const immutable = pathname.startsWith('/assets/');
            res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
          },
        }),
      };
    }
    served.handler(request, response, () => {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found');
    });
  };
}
