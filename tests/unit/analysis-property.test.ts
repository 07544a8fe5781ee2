import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseLoops } from '@causal-map/shared/analysis/loops';
import type { AnalysisInput, AnalysisLink, Loop, Polarity, Valence } from '@causal-map/shared/analysis/types';

// Ids chosen so that string order, number order and insertion order all differ.
const IDS = ['b', 'ab', 'B', 'b0', 'z', '-x', 'c', 'a'];
const SEED = 20_251_121;

const oneIn = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);

// A statement index; now and then (count) one that does not exist.
const endArbitrary = (count: number) => fc.integer({ min: 0, max: 4 * count }).map((x) => (x === 4 * count ? count : x % count));

const linkArbitrary = (count: number) =>
  fc.record({
    from: endArbitrary(count),
    to: endArbitrary(count),
    polarity: fc.constantFrom<Polarity>('+', '-'),
    createdAt: fc.integer({ min: 0, max: 3 }), // few values: ties between duplicates
    deleted: oneIn(6),
  });

const mapArbitrary = fc
  .integer({ min: 2, max: 8 })
  .chain((count) =>
    fc.record({
      count: fc.constant(count),
      numbers: fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7, 8], { minLength: count, maxLength: count }),
      valences: fc.array(fc.constantFrom<Valence>('negative', 'neutral', 'positive'), { minLength: count, maxLength: count }),
      deleted: fc.array(oneIn(6), { minLength: count, maxLength: count }),
      links: fc.array(linkArbitrary(count), { minLength: count, maxLength: 4 * count, size: 'max' }),
    }))
  .map(({ count, numbers, valences, deleted, links }): AnalysisInput => ({
    statements: IDS.slice(0, count).map((id, i) => ({ id, number: numbers[i]!, valence: valences[i]!, deleted: deleted[i]! })),
    links: links.map((link, i): AnalysisLink => ({
      id: `l${(i * 7) % 101}`, // unique (at most 32 links), but not in creation order
      from: IDS[link.from] ?? 'missing',
      to: IDS[link.to] ?? 'missing',
      polarity: link.polarity,
      createdAt: link.createdAt,
      createdBy: `person ${i}`,
      deleted: link.deleted,
    })),
  }));

interface BruteLoop { ids: string[]; links: AnalysisLink[] }

/** Every elementary cycle by walking every simple path, written from SPEC §1–2 directly. */
function bruteForceLoops(input: AnalysisInput): BruteLoop[] {
  const live = new Map(input.statements.filter((s) => !s.deleted).map((s) => [s.id, s]));
  const chosen = new Map<string, AnalysisLink>();
  for (const link of input.links) {
    if (link.deleted || link.from === link.to || !live.has(link.from) || !live.has(link.to)) continue;
    const pair = JSON.stringify([link.from, link.to]);
    const current = chosen.get(pair);
    const earlier = current === undefined || link.createdAt < current.createdAt || (link.createdAt === current.createdAt && link.id < current.id);
    if (earlier) chosen.set(pair, link);
  }
  const out = new Map<string, AnalysisLink[]>();
  for (const link of chosen.values()) out.set(link.from, [...(out.get(link.from) ?? []), link]);
  const loops: BruteLoop[] = [];
  const walk = (start: string, ids: string[], links: AnalysisLink[]): void => {
    for (const link of out.get(ids[ids.length - 1]!) ?? []) {
      if (link.to === start) loops.push({ ids, links: [...links, link] });
      else if (link.to > start && !ids.includes(link.to)) walk(start, [...ids, link.to], [...links, link]);
    }
  };
  for (const id of live.keys()) walk(id, [id], []);
  return loops;
}

function bruteSignature(loop: BruteLoop, valence: Map<string, Valence>): string {
  const minus = loop.links.filter((link) => link.polarity === '-').length;
  const polarity = minus % 2 === 0 ? 'reinforcing' : 'balancing';
  const valences = loop.ids.map((id) => valence.get(id));
  const negative = valences.includes('negative');
  const positive = valences.includes('positive');
  const character = polarity === 'balancing' ? null : negative && !positive ? 'vicious' : positive && !negative ? 'virtuous' : 'unclassified';
  return [loop.ids.join('>'), polarity, character, loop.links.map((link) => link.id).join(',')].join(' | ');
}

function ourSignature(loop: Loop): string {
  const ids = loop.statementIds;
  const first = ids.indexOf([...ids].sort()[0]!);
  const rotate = <T>(items: T[]) => [...items.slice(first), ...items.slice(0, first)];
  return [loop.key, loop.polarity, loop.character, rotate(loop.linkIds).join(',')].join(' | ');
}

function check(input: AnalysisInput): void {
  const analysis = analyseLoops(input, { maxLoops: Infinity });
  const valence = new Map(input.statements.map((s) => [s.id, s.valence]));
  const brute = bruteForceLoops(input);
  expect(analysis.truncated).toBe(false);
  expect(analysis.loops.map(ourSignature).sort()).toEqual(brute.map((loop) => bruteSignature(loop, valence)).sort());
  expect([...analysis.onLoopStatements].sort()).toEqual([...new Set(brute.flatMap((loop) => loop.ids))].sort());
  expect([...analysis.onLoopLinks].sort()).toEqual([...new Set(brute.flatMap((loop) => loop.links.map((l) => l.id)))].sort());
  const number = new Map(input.statements.map((s) => [s.id, s.number]));
  const linkById = new Map(input.links.map((l) => [l.id, l]));
  analysis.loops.forEach((loop, i) => {
    expect(loop.statements).toEqual(loop.statementIds.map((id) => number.get(id)));
    expect(loop.statements[0]).toBe(Math.min(...loop.statements));
    loop.linkIds.forEach((id, j) => {
      expect(linkById.get(id)?.from).toBe(loop.statementIds[j]);
      expect(linkById.get(id)?.to).toBe(loop.statementIds[(j + 1) % loop.statementIds.length]);
    });
    expect(loop.closedAt).toBe(Math.max(...loop.linkIds.map((id) => linkById.get(id)!.createdAt)));
    const previous = analysis.loops[i - 1];
    if (previous) expect(previous.closedAt < loop.closedAt || (previous.closedAt === loop.closedAt && previous.key < loop.key)).toBe(true);
  });
}

describe('loops against a brute-force enumerator', () => {
  it('agree on random small maps with deleted entries, duplicates and self-links', () => {
    fc.assert(fc.property(mapArbitrary, (input) => check(input)), { seed: SEED, numRuns: 1000 });
  });

  it('agree on medium maps of 40 statements (seeded)', () => {
    const medium = fc.integer({ min: 40, max: 64 }).chain((linkCount) =>
      fc.record({
        valences: fc.array(fc.constantFrom<Valence>('negative', 'neutral', 'positive'), { minLength: 40, maxLength: 40 }),
        links: fc.array(fc.tuple(fc.nat(39), fc.nat(39), fc.constantFrom<Polarity>('+', '-')), { minLength: linkCount, maxLength: linkCount }),
      }));
    fc.assert(
      fc.property(medium, ({ valences, links }) => {
        check({
          statements: valences.map((valence, i) => ({ id: `s${(i * 17) % 41}`, number: i + 1, valence, deleted: false })),
          links: links.map(([from, to, polarity], i) => ({
            id: `l${i}`, from: `s${(from * 17) % 41}`, to: `s${(to * 17) % 41}`, polarity, createdAt: i % 10, createdBy: 'Ana', deleted: false,
          })),
        });
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('stop exactly at maxLoops and still mark every statement and link on a loop', () => {
    const arbitrary = fc.tuple(mapArbitrary, fc.integer({ min: 0, max: 40 }));
    fc.assert(
      fc.property(arbitrary, ([input, maxLoops]) => {
        const full = analyseLoops(input, { maxLoops: Infinity });
        const bounded = analyseLoops(input, { maxLoops });
        expect(bounded.loops.length).toBe(Math.min(maxLoops, full.loops.length));
        expect(bounded.truncated).toBe(full.loops.length > maxLoops);
        const keys = new Set(full.loops.map((loop) => loop.key));
        for (const loop of bounded.loops) expect(keys.has(loop.key)).toBe(true);
        expect(bounded.onLoopStatements).toEqual(full.onLoopStatements);
        expect(bounded.onLoopLinks).toEqual(full.onLoopLinks);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('give the same answer for any order of the input arrays', () => {
    const arbitrary = mapArbitrary.chain((input) =>
      fc.tuple(
        fc.constant(input),
        fc.shuffledSubarray(input.statements, { minLength: input.statements.length, maxLength: input.statements.length }),
        fc.shuffledSubarray(input.links, { minLength: input.links.length, maxLength: input.links.length }),
        fc.integer({ min: 0, max: 6 }),
      ));
    fc.assert(
      fc.property(arbitrary, ([input, statements, links, maxLoops]) => {
        expect(analyseLoops({ statements, links }, { maxLoops })).toEqual(analyseLoops(input, { maxLoops }));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});
