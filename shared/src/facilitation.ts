import type * as Y from 'yjs';
import { type Author, mapParts, nowOf } from './schema.js';

// What a facilitator puts in front of everyone and that must still show after a reload, kept in
// `meta` (this project's addition to SPEC §1, see docs/contract.md): the spotlight, a gathering
// round, and whether the map records who added what.

/** One statement, link or loop in focus for everyone (`statement:<id>`, `link:<id>`, `loop:<key>`). */
export interface Spotlight {
  on: string;
  by: string;
  at: number;
}

/** A time when everyone adds statements without names shown. */
export interface Gathering {
  startedAt: number;
  endsAt: number;
  by: string;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export function readSpotlight(doc: Y.Doc): Spotlight | null {
  const value = record(mapParts(doc).meta.get('spotlight'));
  if (!value || typeof value.on !== 'string' || !/^(statement|link|loop):./s.test(value.on)) return null;
  return { on: value.on, by: typeof value.by === 'string' ? value.by : '', at: typeof value.at === 'number' ? value.at : 0 };
}

/** Puts something in the spotlight for everyone, or (null) ends the spotlight. */
export function setSpotlight(doc: Y.Doc, on: string | null, author: Author, origin?: unknown): void {
  doc.transact(() => {
    const { meta } = mapParts(doc);
    if (on === null) meta.delete('spotlight');
    else meta.set('spotlight', { on, by: author.name, at: nowOf(author) });
  }, origin);
}

export function readGathering(doc: Y.Doc): Gathering | null {
  const value = record(mapParts(doc).meta.get('gathering'));
  if (!value || typeof value.startedAt !== 'number' || typeof value.endsAt !== 'number') return null;
  return { startedAt: value.startedAt, endsAt: value.endsAt, by: typeof value.by === 'string' ? value.by : '' };
}

/** Starts a gathering round of `minutes` for everyone. */
export function startGathering(doc: Y.Doc, minutes: number, author: Author, origin?: unknown): void {
  const now = nowOf(author);
  doc.transact(() => mapParts(doc).meta.set('gathering', { startedAt: now, endsAt: now + Math.round(minutes * 60_000), by: author.name }), origin);
}

/** Ends the round before its time. */
export function endGathering(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => mapParts(doc).meta.delete('gathering'), origin);
}

/** True while a round is on at `now`. */
export function gatheringOn(gathering: Gathering | null, now: number): boolean {
  return gathering !== null && now >= gathering.startedAt && now < gathering.endsAt;
}

/** An anonymous map records no author for statements and links (chosen when it is made). */
export function isAnonymous(doc: Y.Doc): boolean {
  return mapParts(doc).meta.get('anonymous') === true;
}

export function setAnonymous(doc: Y.Doc, origin?: unknown): void {
  doc.transact(() => mapParts(doc).meta.set('anonymous', true), origin);
}
