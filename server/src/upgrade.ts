import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export type RefusalStatus = 401 | 403 | 404 | 429 | 500 | 503;

const STATUS_TEXT: Record<RefusalStatus, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Answers an upgrade with an HTTP error in the API's JSON shape (SPEC §3) and hangs up. */
export function refuseUpgrade(socket: Duplex, status: RefusalStatus, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * Whether a browser page may open a websocket here. Browsers always send `Origin` on a
 * websocket; without this check any site a team member visits could open one with a token it
 * got hold of, and a DNS-rebound name could reach a server on a private network. Non-browser
 * clients (the stock y-websocket client in Node, scripts) send no Origin and are let in: the
 * token is what protects a map from them.
 */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[] | null): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowedOrigins !== null) return allowedOrigins.includes(origin);
  // Same origin: the page came from the host the browser is now talking to.
  const host = request.headers.host;
  if (host === undefined) return false;
  try {
    const page = new URL(origin);
    if (page.protocol !== 'http:' && page.protocol !== 'https:') return false;
    // Parsed with the page's scheme so that "example.org" and "example.org:443" agree.
    return page.host === new URL(`${page.protocol}//${host}`).host;
  } catch {
    return false;
  }
}
