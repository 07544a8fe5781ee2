import type { WebsocketProvider } from 'y-websocket';
import { CLOSE_RESTARTING, CLOSE_REVOKED } from './map-connection';
import type { ConnectionStatus } from './map-state';

/** How long a lost connection may be "Reconnecting…" before we say the person is offline. */
const OFFLINE_AFTER_MS = 3000;
/** A server that said it is restarting gets this long to come back before we say "offline". */
const RESTART_GRACE_MS = 30_000;

type Socket = 'connecting' | 'connected' | 'disconnected';

/**
 * Follows the websocket and the browser's network state and reports one status for the
 * header. Yjs keeps every edit while offline and merges it on reconnect. `retryNow` skips the
 * wait before the next attempt, for when the network comes back.
 */
export function watchConnection(
  provider: WebsocketProvider,
  retryNow: () => void,
  report: (status: ConnectionStatus) => void,
): () => void {
  let socket: Socket = provider.wsconnected ? 'connected' : 'connecting';
  let lostSince = Date.now();
  let patience = OFFLINE_AFTER_MS;
  // The server closed for good (not a revoked link: the page says that in full).
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const update = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (stopped) return report('stopped');
    if (!navigator.onLine) return report('offline');
    if (socket === 'connected') return report('connected');
    const waited = Date.now() - lostSince;
    if (waited >= patience) return report('offline');
    timer = setTimeout(update, patience - waited + 10);
    report('reconnecting');
  };

  const onStatus = ({ status }: { status: Socket }) => {
    if (status !== 'connected' && socket === 'connected') lostSince = Date.now();
    if (status === 'connected') patience = OFFLINE_AFTER_MS;
    socket = status;
    // Connecting again after a stop: someone gave the session a new token.
    if (status !== 'disconnected') stopped = false;
    update();
  };
  const onClose = (event: CloseEvent | null) => {
    // A restart is expected to be over soon: "Reconnecting…" is the truth meanwhile.
    if (event?.code === CLOSE_RESTARTING) patience = RESTART_GRACE_MS;
  };
  const onClosed = ({ code }: { code: number }) => {
    stopped = code !== CLOSE_REVOKED;
    update();
  };
  const onNetwork = () => {
    if (navigator.onLine && socket !== 'connected') {
      // Back on the network: try now rather than after the backoff, and say so meanwhile.
      lostSince = Date.now();
      if (provider.shouldConnect) {
        provider.connect();
        retryNow();
      }
    }
    update();
  };

  provider.on('status', onStatus);
  provider.on('connection-close', onClose);
  provider.on('closed', onClosed);
  window.addEventListener('online', onNetwork);
  window.addEventListener('offline', onNetwork);
  update();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    provider.off('status', onStatus);
    provider.off('connection-close', onClose);
    provider.off('closed', onClosed);
    window.removeEventListener('online', onNetwork);
    window.removeEventListener('offline', onNetwork);
  };
}
