import { describe, expect, it } from 'vitest';
import type { LoopFlag } from '../../shared/src/loop.js';
import type { LoopStatePlan } from '../../shared/src/loop-flags.js';
import { slicesOf } from '../../server/src/loop-pass.js';

// A dense map's first pass labels and flags thousands of loops: written in one transaction, that
// held up every other map on the server for most of a second.

const flag = (i: number): LoopFlag => ({ key: `k${i}`, statementIds: ['a', 'b'], closedAt: 1, flaggedAt: 2, closedBy: 'Ana' });
const planOf = (flags: number, labels: number, removed: string[] = []): LoopStatePlan => ({
  addFlags: Array.from({ length: flags }, (_, i) => flag(i)),
  addLabels: Object.fromEntries(Array.from({ length: labels }, (_, i) => [`l${i}`, `R${i + 1}`])),
  removeFlags: removed,
});

describe('slicesOf', () => {
  it('writes a small plan as it is, in one transaction', () => {
    const plan = planOf(3, 5, ['old']);
    expect(slicesOf(plan)).toEqual([plan]);
  });

  it('writes nothing for an empty plan', () => {
    expect(slicesOf(planOf(0, 0))).toEqual([]);
  });

  it('cuts a dense plan into slices, flags first, each flag and label once', () => {
    const plan = planOf(450, 2500, ['gone']);
    const slices = slicesOf(plan);
    expect(slices.map((slice) => [slice.addFlags.length, Object.keys(slice.addLabels).length])).toEqual([
      [200, 1000],
      [200, 0],
      [50, 0],
      [0, 1000],
      [0, 500],
    ]);
    expect(slices[0]!.removeFlags).toEqual(['gone']);
    expect(slices.slice(1).every((slice) => slice.removeFlags.length === 0)).toBe(true);
    expect(slices.flatMap((slice) => slice.addFlags)).toEqual(plan.addFlags);
    expect(Object.assign({}, ...slices.map((slice) => slice.addLabels))).toEqual(plan.addLabels);
  });
});
