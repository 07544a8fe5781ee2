import { describe, expect, it } from 'vitest';
import { analyseLoops } from '@causal-map/shared/analysis/loops';
import type { AnalysisInput } from '@causal-map/shared/analysis/types';
import { packAnalysis, packedBuffers, unpackAnalysis } from './loop-messages';

// What the loop worker sends the page: ids once, members as indexes. The page must get back
// exactly the analysis the worker found.

function ringsMap(): AnalysisInput {
  // Three rings sharing statement s0, and a chord: loops of several lengths, both polarities.
  const statements = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, number: i + 1, valence: i % 3 === 0 ? ('negative' as const) : ('neutral' as const), deleted: false }));
  const pairs: [number, number, '+' | '-'][] = [
    [0, 1, '+'], [1, 2, '+'], [2, 0, '-'],
    [0, 3, '+'], [3, 4, '+'], [4, 5, '+'], [5, 0, '+'],
    [0, 6, '-'], [6, 7, '+'], [7, 8, '+'], [8, 9, '+'], [9, 0, '-'], [7, 0, '+'],
  ];
  const links = pairs.map(([from, to, polarity], i) => ({ id: `l${i}`, from: `s${from}`, to: `s${to}`, polarity, createdAt: i, createdBy: i % 2 ? 'Ana' : 'Ben', deleted: false }));
  return { statements, links, labels: {}, loopNotes: {} } as AnalysisInput;
}

describe('the loop analysis as the worker sends it', () => {
  it('comes back whole', () => {
    const analysis = analyseLoops(ringsMap());
    expect(analysis.loops.length).toBeGreaterThan(3);
    const packed = packAnalysis(analysis);
    // Copied as the page would receive it: typed arrays move, the rest is cloned.
    const received = structuredClone(packed, { transfer: packedBuffers(packed) });
    const back = unpackAnalysis(received);
    expect(back).toEqual(analysis);
    // The typed arrays were handed over, not copied.
    expect(packed.statementIds.length).toBe(0);
  });

  it('keeps an empty analysis empty', () => {
    const analysis = analyseLoops({ statements: [], links: [], labels: {}, loopNotes: {} } as AnalysisInput);
    expect(unpackAnalysis(packAnalysis(analysis))).toEqual(analysis);
  });
});
