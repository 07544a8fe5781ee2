import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LoopAnalysis } from '@causal-map/shared/analysis/types';
import { addLink } from '@causal-map/shared/link';
import { mapParts, setTitle } from '@causal-map/shared/schema';
import { addStatement, moveStatement, statementText } from '@causal-map/shared/statement';
import { watchLoops } from './loop-analysis';

const author = { name: 'Ana' };
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function watched() {
  const doc = new Y.Doc();
  const ids = ['Pain', 'Poor sleep'].map((text) => addStatement(doc, { text, x: 0, y: 0, valence: 'negative' }, author));
  addLink(doc, { from: ids[0]!, to: ids[1]! }, author);
  const analyses: LoopAnalysis[] = [];
  const watch = watchLoops(doc, (analysis) => analyses.push(analysis));
  return { doc, ids, analyses, watch };
}

describe('when the loops are found again', () => {
  it('after a link closes a loop, not after typing, moving, the title or the server’s flags', async () => {
    const { doc, ids, analyses, watch } = watched();
    expect(analyses).toHaveLength(1);
    expect(analyses[0]!.loops).toHaveLength(0);

    statementText(doc, ids[0]!)!.insert(4, ' at night');
    moveStatement(doc, ids[1]!, 200, 100);
    setTitle(doc, 'Mrs A');
    mapParts(doc).flags.set('some-loop', new Y.Map());
    await settle();
    expect(analyses).toHaveLength(1);

    addLink(doc, { from: ids[1]!, to: ids[0]! }, author);
    await settle();
    expect(analyses).toHaveLength(2);
    expect(analyses[1]!.loops.map((loop) => loop.name)).toEqual(['R1']);
    watch.stop();
  });

  it('renames the loops it has when the server labels them, without finding them again', async () => {
    const { doc, ids, analyses, watch } = watched();
    addLink(doc, { from: ids[1]!, to: ids[0]! }, author);
    await settle();
    const found = analyses.at(-1)!;
    expect(found.loops[0]).toMatchObject({ name: 'R1', provisional: true });

    mapParts(doc).labels.set(found.loops[0]!.key, 'R7');
    await settle();
    const named = analyses.at(-1)!;
    expect(named).not.toBe(found);
    expect(named.loops[0]).toMatchObject({ name: 'R7', provisional: false, key: found.loops[0]!.key });
    // The same analysis, renamed: its sets are the very ones a search made.
    expect(named.onLoopStatements).toBe(found.onLoopStatements);
    watch.stop();
  });
});
