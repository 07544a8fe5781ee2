import { parseTarget } from '@causal-map/shared/comments';
import type { MapState } from '../map/map-state';

/** What stays bright under the spotlight. */
export interface Spotlit {
  statements: ReadonlySet<string>;
  links: ReadonlySet<string>;
}

/**
 * The statements and links in the spotlight, as one string that changes only when they do (so
 * a selector can return it); '' when there is no spotlight.
 */
export function spotlitKey(state: Pick<MapState, 'spotlight' | 'links' | 'loops'>): string {
  const target = state.spotlight ? parseTarget(state.spotlight.on) : null;
  if (!target) return '';
  if (target.kind === 'statement') return `${target.id}\u0001`;
  if (target.kind === 'link') {
    const link = state.links.find((l) => l.id === target.id);
    return link ? `${link.from}\u0000${link.to}\u0001${link.id}` : '\u0001';
  }
  const loop = state.loops.find((l) => l.key === target.id);
  return loop ? `${loop.statementIds.join('\u0000')}\u0001${loop.linkIds.join('\u0000')}` : '\u0001';
}

export function spotlitOf(key: string): Spotlit | null {
  if (!key) return null;
  const [statements = '', links = ''] = key.split('\u0001');
  return { statements: new Set(statements ? statements.split('\u0000') : []), links: new Set(links ? links.split('\u0000') : []) };
}
