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
 * none of them the pure red or green that mean "bad" and "good" on a statement, nor the blue
 * of this person's own selection.
 */
export const PERSON_COLORS: readonly string[] = [
  '#854d0e', // ochre
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
  return PERSON_COLORS[(hash >>> 0) % PERSON_COLORS.length] ?? '#475569';
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

/**
 * A name for small spaces: whole when it fits, else cut at a word where possible, with an
 * ellipsis, e.g. "Dr Ben Okafor" stays whole, "Dr Benedict Okafor-Smythe (GP)" → "Dr Benedict…".
 */
export function shortNameOf(name: string, max = 20): string {
  const whole = name.trim().replace(/\s+/g, ' ');
  if (whole.length <= max) return whole || '?';
  const cut = whole.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space >= max / 2 ? cut.slice(0, space) : cut}…`;
}
