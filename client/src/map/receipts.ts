import type { WebsocketProvider } from 'y-websocket';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';

const MESSAGE_SYNC = 0;

export interface Receipts {
  /** Asks the server to confirm everything sent so far; `onStored` runs once it has. */
  request(onStored: () => void): void;
  stop(): void;
}

/**
 * Learns when the server has stored what this person sent. The y-websocket protocol has no
 * acknowledgement, but a server answers sync step 1 messages in the order they came, and ours
 * commits everything the connection sent before answering one (SPEC §4: stored before relayed).
 * So a step 1 sent after a change is answered only once that change is stored: the answer is
 * the receipt. Requests made while offline wait for the next connection's sync, which is when
 * the changes made offline go out.
 */
export function watchReceipts(provider: WebsocketProvider): Receipts {
  // One entry per step 1 on the current socket, in order; null is the provider's own.
  let awaiting: (Array<() => void> | null)[] = [];
  let waitingForSync: Array<() => void> = [];

  const sendStep1 = (callbacks: Array<() => void>) => {
    const ws = provider.ws;
    if (!provider.wsconnected || !provider.synced || !ws || ws.readyState !== ws.OPEN) {
      waitingForSync.push(...callbacks);
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, provider.doc);
    ws.send(encoding.toUint8Array(encoder));
    awaiting.push(callbacks);
  };

  const original = provider.messageHandlers[MESSAGE_SYNC];
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
    const kind = decoding.peekVarUint(decoder);
    original?.(encoder, decoder, ...rest);
    if (kind !== syncProtocol.messageYjsSyncStep2) return;
    const answered = awaiting.shift();
    answered?.forEach((callback) => callback());
  };

  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') awaiting = [null];
  };
  const onClose = () => {
    // Unanswered on this socket: asked again once the next one has synced.
    for (const callbacks of awaiting) if (callbacks) waitingForSync.push(...callbacks);
    awaiting = [];
  };
  const onSync = (synced: boolean) => {
    if (!synced || waitingForSync.length === 0) return;
    const callbacks = waitingForSync;
    waitingForSync = [];
    sendStep1(callbacks);
  };
  provider.on('status', onStatus);
  provider.on('connection-close', onClose);
  provider.on('sync', onSync);

  return {
    request(onStored) {
      sendStep1([onStored]);
    },
    stop() {
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      provider.off('sync', onSync);
      if (original) provider.messageHandlers[MESSAGE_SYNC] = original;
      awaiting = [];
      waitingForSync = [];
    },
  };
}
