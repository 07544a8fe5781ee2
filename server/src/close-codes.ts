/** Why the server closes a websocket: a close code and the reason people read. */
export interface CloseReason {
  code: number;
  reason: string;
}

// Every close the server sends on purpose, in one place so docs/security.md can list them.
// 4xxx codes are ours (RFC 6455 leaves 4000-4999 to applications); 4413 and 4404 echo HTTP.
export const CLOSE = {
  mapClosed: { code: 1001, reason: 'map closed' },
  serverClosing: { code: 1001, reason: 'server closing' },
  textFrame: { code: 1003, reason: 'binary y-websocket messages only' },
  badChunk: { code: 1007, reason: 'malformed chunked message' },
  tooManyUpdates: { code: 1008, reason: 'too many updates' },
  tooManyPresenceUpdates: { code: 1008, reason: 'too many presence updates' },
  // 1009 "message too big" is sent by `ws` itself when a message passes MAX_MESSAGE_BYTES.
  serverError: { code: 1011, reason: 'server error' },
  storageFailed: { code: 1011, reason: 'storage failed' },
  couldNotLoad: { code: 1011, reason: 'could not load the map' },
  serverRestarting: { code: 1012, reason: 'server restarting' },
  // The database or Redis is out of reach: an update could not be stored or relayed. The
  // client reconnects (perhaps to another node) and sends it again.
  unavailable: { code: 1013, reason: 'storage or relay unavailable: try again later' },
  revoked: { code: 4001, reason: 'link revoked: ask for a new link' },
  noSuchMap: { code: 4404, reason: 'no such map' },
  mapTooLarge: { code: 4413, reason: 'map is too large' },
  textTooLong: { code: 4413, reason: 'text is too long' },
} as const satisfies Record<string, CloseReason>;

/** A message a connection sent breaks a rule: close that connection (only) with `close`. */
export class ConnectionRefusal extends Error {
  constructor(readonly close: CloseReason) {
    super(close.reason);
  }
}
