import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MapRecord } from './storage.js';

/** What a token lets its holder do with one map. */
export type Access = 'edit' | 'view';

/** The websocket subprotocol the browser client asks for; its token rides next to it. */
export const SUBPROTOCOL = 'causal-map';
const TOKEN_SUBPROTOCOL_PREFIX = 'token.';

/** A new map id: 128 random bits, URL-safe (SPEC §3: unguessable). */
export function newMapId(): string {
  return randomBytes(16).toString('base64url');
}

/** A new token: 192 random bits; only its hash is stored. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Map ids as `newMapId` makes them; anything else cannot name a map. */
export function isMapId(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** Which access a token grants on a map, or null for no or a wrong token. */
export function authorize(record: MapRecord, token: string | null): Access | null {
  if (!token) return null;
  return accessOfHash(record, hashToken(token));
}

/**
 * Which access a token's hash grants on a map now. Open connections keep their token's hash
 * (never the token), so a rotation can tell which of them it revoked.
 */
export function accessOfHash(record: MapRecord, hash: Buffer): Access | null {
  // Both hashes are always compared so the time taken says nothing about which one matched.
  const edit = timingSafeEqual(hash, record.editTokenHash);
  const view = timingSafeEqual(hash, record.viewTokenHash);
  return edit ? 'edit' : view ? 'view' : null;
}

/** The subprotocols a websocket upgrade offers, e.g. `["causal-map", "token.abc"]`. */
export function offeredSubprotocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return [];
  return header.split(',').map((each) => each.trim()).filter((each) => each !== '');
}

/**
 * The token from `Authorization: Bearer <token>`, from a `token.<token>` websocket subprotocol
 * (browsers cannot set headers on a websocket, and the subprotocol keeps the token out of the
 * address, so out of proxy logs), or from `?token=` (links, stock clients; SPEC §3, §4).
 */
export function tokenOf(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  const offered = offeredSubprotocols(request).find((each) => each.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  if (offered !== undefined && offered.length > TOKEN_SUBPROTOCOL_PREFIX.length) {
    return offered.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
  }
  return url.searchParams.get('token');
}
