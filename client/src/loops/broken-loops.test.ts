import { describe, expect, it } from 'vitest';
import type { Loop } from '@causal-map/shared/analysis/types';
import { breaksSentence, brokenSince, isMarked, loopLabel, loopsBrokenBy } from './broken-loops';

function loop(name: string, ids: string[], extra: Partial<Loop> = {}): Loop {
  return {
    name,
    provisional: false,
    key: ids.join('>'),
    statements: ids.map((_, i) => i + 1),
    statementIds: ids,
    linkIds: ids.map((id, i) => `${id}-${ids[(i + 1) % ids.length]}`),
    polarity: 'reinforcing',
    character: 'vicious',
    closedAt: 1,
    closedBy: 'Ana',
    ...extra,
  };
}

const spiral = loop('R1', ['a', 'b', 'c'], { title: 'Loss of control spiral' });
const plain = loop('R2', ['c', 'd']);
const noted = loop('R3', ['d', 'e'], { note: 'Discuss on Monday' });

describe('loops a delete would break', () => {
  it('counts titled, annotated and flagged loops, not the others', () => {
    expect(isMarked(spiral, new Set())).toBe(true);
    expect(isMarked(noted, new Set())).toBe(true);
    expect(isMarked(plain, new Set())).toBe(false);
    expect(isMarked(plain, new Set([plain.key]))).toBe(true);
    expect(isMarked(loop('R4', ['x', 'y'], { title: '  ' }), new Set())).toBe(false);
  });

  it('finds the marked loops through a deleted statement or link', () => {
    const loops = [spiral, plain, noted];
    expect(loopsBrokenBy(loops, new Set(), ['c'], []).map((l) => l.name)).toEqual(['R1']);
    expect(loopsBrokenBy(loops, new Set([plain.key]), ['c'], []).map((l) => l.name)).toEqual(['R1', 'R2']);
    expect(loopsBrokenBy(loops, new Set(), [], ['d-e']).map((l) => l.name)).toEqual(['R3']);
    expect(loopsBrokenBy(loops, new Set(), ['z'], ['a-c'])).toEqual([]);
  });

  it('says which loops go, by title where the team gave one', () => {
    expect(loopLabel(spiral)).toBe('R1 “Loss of control spiral”');
    expect(loopLabel(plain)).toBe('R2 (1 → 2 → 1)');
    expect(breaksSentence([spiral])).toBe('This breaks R1 “Loss of control spiral”.');
    expect(breaksSentence([spiral, plain, noted])).toBe(
      'This breaks R1 “Loss of control spiral”, R2 (1 → 2 → 1) and R3 (1 → 2 → 1).',
    );
  });

  it('tells which marked loops vanished between two analyses', () => {
    expect(brokenSince([spiral, plain, noted], [plain], new Set()).map((l) => l.name)).toEqual(['R1', 'R3']);
    expect(brokenSince([spiral], [spiral], new Set())).toEqual([]);
  });
});
