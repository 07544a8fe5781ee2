import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { type PatientSockets, createPatientSockets } from './patient-socket';

/** Close codes the server sends on purpose (server/src/close-codes.ts). */
export const CLOSE_REVOKED = 4001;
export const CLOSE_RESTARTING = 1012;

/** Why the server will not take this connection back as it is. */
export type ConnectionStop = { kind: 'revoked' } | { kind: 'refused'; code: number; reason: string };

export interface MapConnection {
  provider: WebsocketProvider;
  sockets: PatientSockets;
  /** Carries on with another token for this map: a link this person just replaced. */
  useToken(token: string): void;
  /**
   * While held, a revocation of the current token waits: it may be this person replacing the
   * link, and then the new token arrives in a moment. Call the returned function when done.
   */
  holdRevocations(): () => void;
}

interface ConnectOptions {
  doc: Y.Doc;
  mapId: string;
  token: string;
  /** The server stopped the connection for good (a stop), or it is going again (null). */
  onStop: (stop: ConnectionStop | null) => void;
}

function websocketUrl(): string {
  return `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws`;
}

/**
 * The token rides in a subprotocol, never in the address: addresses end up in proxy and server
 * logs. Tokens are base64url, which is safe in a subprotocol name.
 */
function protocolsFor(token: string): string[] {
  return ['causal-map', `token.${token}`];
}

function sameProtocols(a: readonly string[] | null, b: readonly string[]): boolean {
  return a !== null && a.length === b.length && a.every((each, index) => each === b[index]);
}

/** The websocket side of an open map: provider, token, patient reconnects, revocations. */
export function connectMap({ doc, mapId, token, onStop }: ConnectOptions): MapConnection {
  const sockets = createPatientSockets();
  let currentToken = token;
  let holds = 0;
  let revokedWhileHeld = false;

  const provider: WebsocketProvider = new WebsocketProvider(websocketUrl(), mapId, doc, {
    params: {},
    protocols: protocolsFor(token),
    WebSocketPolyfill: sockets.WebSocketPolyfill,
    // The patient sockets wait (with jitter); the provider itself retries at once.
    maxBackoffTime: 0,
    shouldReconnect: (event, { protocols }) => {
      if (event.code === CLOSE_REVOKED) {
        // A socket opened with a token this person has replaced since: come back at once with the new one.
        const replaced = !sameProtocols(sockets.lastClosedProtocols(), protocols);
        if (replaced) sockets.resetBackoff();
        return replaced;
      }
      // 4400–4499 mirror HTTP 4xx: the server decided, and trying again cannot change that.
      return !(event.code >= 4400 && event.code < 4500);
    },
  });

  provider.on('sync', (synced) => {
    if (synced) sockets.resetBackoff();
  });
  provider.on('closed', ({ code, reason }) => {
    if (code !== CLOSE_REVOKED) return onStop({ kind: 'refused', code, reason });
    if (holds > 0) revokedWhileHeld = true;
    else onStop({ kind: 'revoked' });
  });

  return {
    provider,
    sockets,
    useToken(next) {
      if (next === currentToken) return;
      currentToken = next;
      provider.protocols = protocolsFor(next);
      const wasStopped = !provider.shouldConnect;
      revokedWhileHeld = false;
      if (wasStopped) {
        onStop(null);
        sockets.resetBackoff();
        provider.connect();
      }
    },
    holdRevocations() {
      holds += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds -= 1;
        if (holds === 0 && revokedWhileHeld) {
          revokedWhileHeld = false;
          onStop({ kind: 'revoked' });
        }
      };
    },
  };
}
