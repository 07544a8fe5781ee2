import { parseTarget } from '@causal-map/shared/comments';
import type { MapState } from '../map/map-state';

const preview = (text: string) => (text.length > 48 ? `${text.slice(0, 45)}…` : text) || 'empty';

/** What a thread is about, in words: "Statement 4: Mrs A feels isolated", "Link 3 → 7", "Loop R1". */
export function targetWords(on: string, state: Pick<MapState, 'statements' | 'links' | 'numbers' | 'loops'>): string {
  const target = parseTarget(on);
  if (!target) return 'Something this version does not know';
  if (target.kind === 'statement') {
    const statement = state.statements.find((s) => s.id === target.id);
    return statement ? `Statement ${statement.number}: ${preview(statement.text)}` : 'A deleted statement';
  }
  if (target.kind === 'link') {
    const link = state.links.find((l) => l.id === target.id);
    if (!link) return 'A deleted link';
    const reads = link.polarity === '-' ? 'may not lead to' : 'may lead to';
    return `Link: ${state.numbers.get(link.from) ?? '?'} ${reads} ${state.numbers.get(link.to) ?? '?'}`;
  }
  const loop = state.loops.find((l) => l.key === target.id);
  return loop ? `Loop ${loop.name}${loop.title ? `: ${preview(loop.title)}` : ''}` : 'A loop that is broken now';
}

/** True while what a thread is about is on the map (a deleted statement's thread waits for it). */
export function targetIsLive(on: string, state: Pick<MapState, 'statements' | 'links' | 'loops'>): boolean {
  const target = parseTarget(on);
  if (!target) return false;
  if (target.kind === 'statement') return state.statements.some((s) => s.id === target.id);
  if (target.kind === 'link') return state.links.some((l) => l.id === target.id);
  return state.loops.some((l) => l.key === target.id);
}
