import { useSyncExternalStore } from 'react';

/** A map this browser has opened, kept so the person can find it again. */
export interface RecentMap {
  id: string;
  title: string;
  editToken: string | null;
  viewToken: string | null;
  /** ms since epoch */
  lastOpened: number;
}

const KEY = 'causal-map:recent-maps';
const CHANGE_EVENT = 'causal-map:recent-maps-changed';
const MAX_KEPT = 50;

function isRecentMap(value: unknown): value is RecentMap {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.id === 'string' && typeof entry.lastOpened === 'number';
}

function load(): RecentMap[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isRecentMap).map((entry) => ({
      id: entry.id,
      title: typeof entry.title === 'string' ? entry.title : '',
      editToken: typeof entry.editToken === 'string' ? entry.editToken : null,
      viewToken: typeof entry.viewToken === 'string' ? entry.viewToken : null,
      lastOpened: entry.lastOpened,
    }));
  } catch {
    return [];
  }
}

function save(maps: RecentMap[]): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(maps.slice(0, MAX_KEPT)));
  } catch {
    // A full or blocked storage only costs the list, never the map.
  }
  cached = null;
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

/** Most recently opened first. */
export function readRecentMaps(): RecentMap[] {
  return load().sort((a, b) => b.lastOpened - a.lastOpened);
}

export function findRecentMap(id: string): RecentMap | undefined {
  return load().find((entry) => entry.id === id);
}

/**
 * Records that a map was opened; known tokens are kept, so opening a view link later never
 * forgets the edit token this browser already had.
 */
export function rememberMap(update: Partial<RecentMap> & { id: string }): void {
  const maps = load();
  const old = maps.find((entry) => entry.id === update.id);
  const merged: RecentMap = {
    id: update.id,
    title: update.title || old?.title || '',
    editToken: update.editToken ?? old?.editToken ?? null,
    viewToken: update.viewToken ?? old?.viewToken ?? null,
    lastOpened: update.lastOpened ?? Date.now(),
  };
  save([merged, ...maps.filter((entry) => entry.id !== update.id)]);
}

export function forgetMap(id: string): void {
  save(load().filter((entry) => entry.id !== id));
}

// useSyncExternalStore needs the same array back until something changed.
let cached: RecentMap[] | null = null;

function snapshot(): RecentMap[] {
  cached ??= readRecentMaps();
  return cached;
}

function subscribe(onChange: () => void): () => void {
  const refresh = () => {
    cached = null;
    onChange();
  };
  window.addEventListener(CHANGE_EVENT, refresh);
  window.addEventListener('storage', refresh);
  return () => {
    window.removeEventListener(CHANGE_EVENT, refresh);
    window.removeEventListener('storage', refresh);
  };
}

export function useRecentMaps(): RecentMap[] {
  return useSyncExternalStore(subscribe, snapshot);
}
