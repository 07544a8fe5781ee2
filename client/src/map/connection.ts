import type { WebsocketProvider } from 'y-websocket';
import type { ConnectionStatus } from './map-state';

/** How long a lost connection may be "Reconnecting…" before we say the person is offline. */
const OFFLINE_AFTER_MS = 3000;

type Socket = 'connecting' | 'connected' | 'disconnected';

/**
 * Follows the websocket and the browser's network state and reports one status for the
 * header. Yjs keeps every edit while offline and merges it on reconnect.
 */
export function watchConnection(
  provider: WebsocketProvider,
  report: (status: ConnectionStatus) => void,
): () => void {
  let socket: Socket = provider.wsconnected ? 'connected' : 'connecting';
  let lostSince = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const update = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    if (!navigator.onLine) return report('offline');
    if (socket === 'connected') return report('connected');
    const waited = Date.now() - lostSince;
    if (waited >= OFFLINE_AFTER_MS) return report('offline');
    timer = setTimeout(update, OFFLINE_AFTER_MS - waited + 10);
    report('reconnecting');
  };

  const onStatus = ({ status }: { status: Socket }) => {
    if (status !== 'connected' && socket === 'connected') lostSince = Date.now();
    socket = status;
    update();
  };
  const onNetwork = () => {
    if (navigator.onLine && socket !== 'connected') {
      // Back on the network: try now rather than after the backoff, and say so meanwhile.
      lostSince = Date.now();
      if (provider.shouldConnect) provider.connect();
    }
    update();
  };

  provider.on('status', onStatus);
  window.addEventListener('online', onNetwork);
  window.addEventListener('offline', onNetwork);
  update();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    provider.off('status', onStatus);
    window.removeEventListener('online', onNetwork);
    window.removeEventListener('offline', onNetwork);
  };
}
