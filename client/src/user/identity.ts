import { useSyncExternalStore } from 'react';

/** How a person appears to the others on a map. */
export interface Identity {
  name: string;
  color: string;
}

const NAME_KEY = 'causal-map:name';
const CHANGE_EVENT = 'causal-map:name-changed';

/**
 * Colours for people, dark enough for white text and readable on white (WCAG AA, ≥ 4.5:1),
 * and none of them the pure red or green that mean "bad" and "good" on a statement.
 */
export const PERSON_COLORS: readonly string[] = [
  '#1d4ed8', // blue
  '#0f766e', // teal
  '#7c3aed', // violet
  '#be185d', // pink
  '#b45309', // amber
  '#4338ca', // indigo
  '#0e7490', // cyan
  '#a21caf', // fuchsia
  '#475569', // slate
  '#0369a1', // sky
];

/** The same name always gets the same colour, on every screen (FNV-1a hash). */
export function colorForName(name: string): string {
  let hash = 0x811c9dc5;
  for (const char of name.trim().toLowerCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return PERSON_COLORS[(hash >>> 0) % PERSON_COLORS.length] ?? '#1d4ed8';
}

export function readName(): string | null {
  try {
    const name = window.localStorage.getItem(NAME_KEY)?.trim();
    return name ? name : null;
  } catch {
    return null;
  }
}

export function saveName(name: string): void {
  try {
    window.localStorage.setItem(NAME_KEY, name.trim());
  } catch {
    // Private mode or a full quota: the name still holds for this page.
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGE_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGE_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

/** The person's saved name, or null until they have told us. */
export function useName(): string | null {
  return useSyncExternalStore(subscribe, readName);
}

export function identityOf(name: string): Identity {
  return { name, color: colorForName(name) };
}

/** A short tag for small spaces: the first word of the name, e.g. "Ben (GP)" → "Ben". */
export function shortNameOf(name: string): string {
  const first = name.trim().split(/\s+/)[0] ?? '';
  return first.length > 12 ? `${first.slice(0, 11)}…` : first || '?';
}
