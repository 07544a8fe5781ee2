import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MapRecord } from './storage.js';

/** What a token lets its holder do with one map. */
export type Access = 'edit' | 'view';

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
  const hash = hashToken(token);
  // Both hashes are always compared so the time taken says nothing about which one matched.
  const edit = timingSafeEqual(hash, record.editTokenHash);
  const view = timingSafeEqual(hash, record.viewTokenHash);
  return edit ? 'edit' : view ? 'view' : null;
}

/** The token from `Authorization: Bearer <token>` or, for websockets and links, `?token=`. */
export function tokenOf(request: IncomingMessage, url: URL): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  return url.searchParams.get('token');
}
