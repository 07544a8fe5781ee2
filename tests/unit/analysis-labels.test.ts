import { describe, expect, it } from 'vitest';
import { analyseLoops, assignLabels, type Loop } from '@causal-map/shared/analysis/loops';
import type { AnalysisInput, Polarity } from '@causal-map/shared/analysis/types';

/** Three two-statement loops a-b, c-d, e-f closed in that order; `minus` makes one balancing. */
function threeLoops(minus: string[] = []): AnalysisInput {
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const polarity = (id: string): Polarity => (minus.includes(id) ? '-' : '+');
  return {
    statements: ids.map((id, i) => ({ id, number: i + 1, valence: 'neutral', deleted: false })),
    links: [
      ['ab', 'a', 'b'], ['ba', 'b', 'a'], ['cd', 'c', 'd'], ['dc', 'd', 'c'], ['ef', 'e', 'f'], ['fe', 'f', 'e'],
    ].map(([id, from, to], i) => ({
      id: id!, from: from!, to: to!, polarity: polarity(id!), createdAt: 10 * i, createdBy: 'Ana', deleted: false,
    })),
  };
}

const names = (input: AnalysisInput) => analyseLoops(input).loops.map((loop) => [loop.key, loop.name, loop.provisional]);

describe('loop names', () => {
  it('are provisional R1, R2 … and B1 … in listing order when the server has given none', () => {
    expect(names(threeLoops(['cd']))).toEqual([
      ['a>b', 'R1', true],
      ['c>d', 'B1', true],
      ['e>f', 'R2', true],
    ]);
  });

  it('honour the server labels and continue after the highest label in use', () => {
    const input = { ...threeLoops(), labels: { 'c>d': 'R7', 'broken>loop': 'R9', 'old>one': 'B4' } };
    expect(names(input)).toEqual([
      ['a>b', 'R10', true],
      ['c>d', 'R7', false],
      ['e>f', 'R11', true],
    ]);
  });

  it('treat a label of the wrong kind (the polarity changed) as no label', () => {
    const input = { ...threeLoops(['ab']), labels: { 'a>b': 'R1', 'c>d': 'R2', 'e>f': 'X' } };
    expect(names(input)).toEqual([
      ['a>b', 'B1', true],
      ['c>d', 'R2', false],
      ['e>f', 'R3', true],
    ]);
  });

  it('do not depend on the order of the input arrays', () => {
    const input = threeLoops(['ef']);
    const reversed = { statements: [...input.statements].reverse(), links: [...input.links].reverse() };
    expect(analyseLoops(reversed)).toEqual(analyseLoops(input));
    expect(analyseLoops(input)).toEqual(analyseLoops(input));
  });
});

describe('assignLabels', () => {
  const loops = analyseLoops(threeLoops(['cd'])).loops;

  it('labels every loop the server has not labelled, in listing order', () => {
    expect(assignLabels(loops, {})).toEqual({ 'a>b': 'R1', 'c>d': 'B1', 'e>f': 'R2' });
    expect(assignLabels([...loops].reverse(), {})).toEqual({ 'a>b': 'R1', 'c>d': 'B1', 'e>f': 'R2' });
  });

  it('never reuses a label ever given, also of broken loops', () => {
    const labels = { 'a>b': 'R1', 'gone>loop': 'R5', 'gone>too': 'B2' };
    expect(assignLabels(loops, labels)).toEqual({ 'c>d': 'B3', 'e>f': 'R6' });
  });

  it('relabels a loop whose label has the wrong kind', () => {
    expect(assignLabels(loops, { 'a>b': 'R1', 'c>d': 'R2', 'e>f': 'R3' })).toEqual({ 'c>d': 'B1' });
  });

  it('adds nothing when every loop is labelled', () => {
    const labels = { ...assignLabels(loops, {}) };
    expect(assignLabels(loops, labels)).toEqual({});
    const again = analyseLoops({ ...threeLoops(['cd']), labels }).loops;
    expect(again.map((loop: Loop) => [loop.name, loop.provisional])).toEqual([['R1', false], ['B1', false], ['R2', false]]);
  });
});
