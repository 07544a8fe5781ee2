import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseLoops, loopChain } from '@causal-map/shared/analysis/loops';
import type { AnalysisInput, AnalysisLink, AnalysisStatement, Polarity, Valence } from '@causal-map/shared/analysis/types';

interface FixtureStatement { id: string; number: number; valence: Valence; deletedAt: number | null }
interface FixtureLink { id: string; from: string; to: string; polarity: Polarity; createdAt: number; createdBy: string; deletedAt: number | null }

function dementiaCase(): AnalysisInput {
  const file = JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8')) as {
    statements: FixtureStatement[];
    links: FixtureLink[];
  };
  return {
    statements: file.statements.map((s) => ({ id: s.id, number: s.number, valence: s.valence, deleted: s.deletedAt !== null })),
    links: file.links.map((l) => ({
      id: l.id, from: l.from, to: l.to, polarity: l.polarity, createdAt: l.createdAt, createdBy: l.createdBy, deleted: l.deletedAt !== null,
    })),
  };
}

function statement(id: string, number: number, valence: Valence = 'neutral', deleted = false): AnalysisStatement {
  return { id, number, valence, deleted };
}

function link(id: string, from: string, to: string, createdAt: number, polarity: Polarity = '+', deleted = false): AnalysisLink {
  return { id, from, to, polarity, createdAt, createdBy: `author of ${id}`, deleted };
}

/** Statements s1..sN numbered 1..N and a link per [from, to] pair, created in that order. */
function mapOf(count: number, pairs: [number, number, Polarity?][], valences: Valence[] = []): AnalysisInput {
  return {
    statements: Array.from({ length: count }, (_, i) => statement(`s${i + 1}`, i + 1, valences[i] ?? 'neutral')),
    links: pairs.map(([from, to, polarity], i) => link(`l${i + 1}`, `s${from}`, `s${to}`, 100 + i, polarity ?? '+')),
  };
}

describe('the dementia case', () => {
  const analysis = analyseLoops(dementiaCase());

  it('has exactly three vicious reinforcing loops and two balancing loops', () => {
    expect(analysis.counts).toEqual({ reinforcing: 3, balancing: 2, vicious: 3, virtuous: 0 });
    expect(analysis.truncated).toBe(false);
    const chains = analysis.loops.map((loop) => [loop.name, loop.polarity, loop.character, loopChain(loop)]);
    expect(chains).toEqual([
      ['R1', 'reinforcing', 'vicious', '1 → 2 → 3 → 4 → 5 → 6 → 7 → 8 → 1'],
      ['R2', 'reinforcing', 'vicious', '1 → 2 → 9 → 3 → 4 → 5 → 6 → 7 → 8 → 1'],
      ['R3', 'reinforcing', 'vicious', '1 → 2 → 9 → 5 → 6 → 7 → 8 → 1'],
      ['B1', 'balancing', null, '8 → 10 → 11 → 8'],
      ['B2', 'balancing', null, '5 → 6 → 7 → 8 → 10 → 11 → 5'],
    ]);
  });

  it('gives keys, link ids, and who closed each loop when', () => {
    const [first, , , b1] = analysis.loops;
    expect(first).toMatchObject({
      key: 's01>s02>s03>s04>s05>s06>s07>s08',
      statementIds: ['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08'],
      linkIds: ['l01', 'l02', 'l03', 'l04', 'l05', 'l06', 'l07', 'l08'],
      closedAt: 1763716120000,
      closedBy: 'Ana (nurse)',
      provisional: true,
    });
    expect(b1).toMatchObject({ key: 's08>s10>s11', linkIds: ['l12', 'l13', 'l14'], closedBy: 'Ben (GP)' });
  });

  it('marks statements and links on loops', () => {
    expect([...analysis.onLoopStatements].sort()).toEqual(['s01', 's02', 's03', 's04', 's05', 's06', 's07', 's08', 's09', 's10', 's11']);
    expect(analysis.onLoopLinks.has('l16')).toBe(false); // 12 -> 9 is on no loop
    expect(analysis.onLoopLinks.size).toBe(15);
  });
});

describe('which statements and links count', () => {
  it('ignores deleted statements and links, missing ends and self-links', () => {
    const input = mapOf(3, [[1, 2], [2, 3], [3, 1]]);
    input.links.push(link('self', 's1', 's1', 1), link('ghost', 's3', 'nowhere', 1), link('gone', 's2', 's1', 1, '+', true));
    expect(analyseLoops(input).loops.map(loopChain)).toEqual(['1 → 2 → 3 → 1']);
    input.statements.push(statement('s4', 4, 'negative', true));
    input.links.push(link('to-deleted', 's1', 's4', 1), link('from-deleted', 's4', 's1', 2));
    const analysis = analyseLoops(input);
    expect(analysis.loops).toHaveLength(1);
    expect(analysis.onLoopLinks).toEqual(new Set(['l1', 'l2', 'l3']));
    input.statements[1] = statement('s2', 2, 'neutral', true);
    expect(analyseLoops(input).loops).toEqual([]);
  });

  it('counts the link with the smallest (createdAt, id) of an ordered pair, ignores the duplicates', () => {
    const input = mapOf(2, [[1, 2], [2, 1]]);
    input.links.push(link('a-dup', 's1', 's2', 50, '-'), link('b-dup', 's1', 's2', 50, '+'));
    const [loop] = analyseLoops(input).loops;
    expect(loop?.linkIds).toEqual(['a-dup', 'l2']);
    expect(loop?.polarity).toBe('balancing');
    expect(analyseLoops(input).onLoopLinks).toEqual(new Set(['a-dup', 'l2']));
  });

  it('never mutates its input', () => {
    const input = dementiaCase();
    const copy = structuredClone(input);
    analyseLoops(input, { maxLoops: 2 });
    expect(input).toEqual(copy);
  });
});

describe('polarity and character', () => {
  it('multiplies the signs: an even number of - links reinforces', () => {
    expect(analyseLoops(mapOf(2, [[1, 2, '-'], [2, 1, '-']])).loops[0]?.polarity).toBe('reinforcing');
    expect(analyseLoops(mapOf(3, [[1, 2, '-'], [2, 3], [3, 1]])).loops[0]?.polarity).toBe('balancing');
  });

  it.each([
    [['negative', 'neutral'], 'vicious'],
    [['positive', 'neutral'], 'virtuous'],
    [['negative', 'positive'], 'unclassified'],
    [['neutral', 'neutral'], 'unclassified'],
  ] as [Valence[], string][])('a reinforcing loop of %j is %s', (valences, character) => {
    expect(analyseLoops(mapOf(2, [[1, 2], [2, 1]], valences)).loops[0]?.character).toBe(character);
  });

  it('lets the team override the character and passes title and note through', () => {
    const input = mapOf(2, [[1, 2], [2, 1, '-']], ['negative', 'negative']);
    expect(analyseLoops(input).loops[0]?.character).toBeNull();
    input.loopNotes = { 's1>s2': { title: 'Falls', note: 'ask the GP', character: 'vicious' } };
    const [loop] = analyseLoops(input).loops;
    expect(loop).toMatchObject({ title: 'Falls', note: 'ask the GP', character: 'vicious', polarity: 'balancing' });
    expect(analyseLoops(input).counts).toEqual({ reinforcing: 0, balancing: 1, vicious: 1, virtuous: 0 });
    input.links[1]!.polarity = '+';
    input.loopNotes = { 's1>s2': { character: 'unclassified' } };
    expect(analyseLoops(input).loops[0]).toMatchObject({ character: 'unclassified' });
    expect(analyseLoops(input).loops[0]).not.toHaveProperty('title');
  });
});

describe('keys, display order and listing order', () => {
  it('keys start at the smallest id, chains at the lowest number', () => {
    const input: AnalysisInput = {
      statements: [statement('m', 3), statement('b', 12), statement('x', 7)],
      links: [link('1', 'm', 'x', 1), link('2', 'x', 'b', 2), link('3', 'b', 'm', 3)],
    };
    const [loop] = analyseLoops(input).loops;
    expect(loop?.key).toBe('b>m>x');
    expect(loopChain(loop!)).toBe('3 → 7 → 12 → 3');
    expect(loop?.statementIds).toEqual(['m', 'x', 'b']);
    expect(loop?.linkIds).toEqual(['1', '2', '3']);
  });

  it('lists loops by closedAt, then key', () => {
    const input = mapOf(4, [[1, 2], [2, 1], [3, 4], [4, 3], [2, 3], [3, 2]]);
    input.links[4]!.createdAt = input.links[5]!.createdAt = input.links[3]!.createdAt; // 2-3 and 3-4 close together
    expect(analyseLoops(input).loops.map((loop) => loop.key)).toEqual(['s1>s2', 's2>s3', 's3>s4']);
  });
});

describe('bounds and big maps', () => {
  const complete = (count: number) =>
    mapOf(count, Array.from({ length: count * count }, (_, i): [number, number] => [Math.floor(i / count) + 1, (i % count) + 1]).filter(([a, b]) => a !== b));

  it('stops at maxLoops on a complete map and still marks everything on loops', () => {
    const analysis = analyseLoops(complete(12), { maxLoops: 100 });
    expect(analysis.truncated).toBe(true);
    expect(analysis.loops).toHaveLength(100);
    expect(analysis.onLoopStatements.size).toBe(12);
    expect(analysis.onLoopLinks.size).toBe(132);
    expect(new Set(analysis.loops.map((loop) => loop.key)).size).toBe(100);
  });

  it('is not truncated when the loops exactly fit', () => {
    const input = complete(3); // 3 two-statement loops and 2 three-statement loops
    expect(analyseLoops(input, { maxLoops: 5 })).toMatchObject({ truncated: false, loops: { length: 5 } });
    expect(analyseLoops(input, { maxLoops: 4 })).toMatchObject({ truncated: true, loops: { length: 4 } });
  });

  it('answers a complete map of 40 statements (truncated) quickly', () => {
    const began = performance.now();
    const analysis = analyseLoops(complete(40));
    expect(analysis.truncated).toBe(true);
    expect(analysis.loops).toHaveLength(10_000);
    expect(performance.now() - began).toBeLessThan(1_000);
  });

  it('finds the one loop of a 100,000-statement ring without overflowing the stack', () => {
    const count = 100_000;
    const input = mapOf(count, Array.from({ length: count }, (_, i): [number, number] => [i + 1, ((i + 1) % count) + 1]));
    const analysis = analyseLoops(input);
    expect(analysis.loops).toHaveLength(1);
    expect(analysis.loops[0]?.statements).toHaveLength(count);
    expect(analysis.loops[0]?.statements[0]).toBe(1);
    expect(analysis.onLoopLinks.size).toBe(count);
  });

  it('finds the 999 loops of a 1,000-statement chain of two-way links', () => {
    const pairs: [number, number][] = [];
    for (let i = 1; i < 1000; i++) pairs.push([i, i + 1], [i + 1, i]);
    const analysis = analyseLoops(mapOf(1000, pairs));
    expect(analysis.loops).toHaveLength(999);
    expect(analysis.loops.map(loopChain).slice(0, 2)).toEqual(['1 → 2 → 1', '2 → 3 → 2']);
  });
});

describe('the link that closed a loop', () => {
  it('is the latest; of links made in the same millisecond, the one with the larger id', () => {
    const input: AnalysisInput = {
      statements: [statement('s1', 1), statement('s2', 2), statement('s3', 3)],
      links: [link('l1', 's1', 's2', 100), link('lb', 's2', 's3', 200), link('la', 's3', 's1', 200)],
    };
    const [loop] = analyseLoops(input).loops;
    expect(loop).toMatchObject({ closedAt: 200, closedBy: 'author of lb' });
    // The same map with the ids the other way round: the other link closed it.
    const swapped = analyseLoops({ ...input, links: [link('l1', 's1', 's2', 100), link('la', 's2', 's3', 200), link('lb', 's3', 's1', 200)] });
    expect(swapped.loops[0]).toMatchObject({ closedAt: 200, closedBy: 'author of lb' });
    expect(swapped.loops[0]!.linkIds).toEqual(['l1', 'la', 'lb']);
  });
});
