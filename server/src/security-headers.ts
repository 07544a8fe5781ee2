import type { IncomingMessage, ServerResponse } from 'node:http';

// A Host header that is a plain host[:port] (or [ipv6]:port); anything else is not echoed.
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The Content-Security-Policy of the app: only its own scripts, styles, workers and
 * connections. React Flow positions nodes with inline styles, hence 'unsafe-inline' for styles
 * (never for scripts). 'self' covers same-origin websockets in current browsers; the explicit
 * ws:/wss: origin is for those that predate CSP 3.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const sockets = host !== undefined && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** Headers every response gets: pages, assets, API answers and errors alike. */
export function setSecurityHeaders(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy(request.headers.host));
  response.setHeader('X-Content-Type-Options', 'nosniff');
  // Tokens travel in links; never let the browser pass them on to another site.
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // The app needs none of these; a page injected into it gets none either.
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
}
