import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addLink, deleteLink, togglePolarity } from '@causal-map/shared/link';
import { analyseMap, flagNotice, loopChain, readFlags, readLoopNotes, setLoopNote, toExportLoop } from '@causal-map/shared/loop';
import {
  applyLoopStatePlan,
  isEmptyPlan,
  planLoopState,
  readServerLoopState,
  restoreServerLoopState,
} from '@causal-map/shared/loop-flags';
import { statementNumbers } from '@causal-map/shared/numbering';
import { mapParts } from '@causal-map/shared/schema';
import { addStatement, setValence } from '@causal-map/shared/statement';
import { pinnedAuthor } from './helpers/authors.js';
import { dementiaFile, importFile } from './helpers/export-files.js';

const SERVER = Symbol('server');

/** What the server does after every change: label new loops, flag vicious ones, drop broken flags. */
function serverPass(doc: Y.Doc, now = 5_000) {
  const state = readServerLoopState(doc);
  const plan = planLoopState(analyseMap(doc), state, now);
  applyLoopStatePlan(doc, state, plan, SERVER);
  return { state, plan };
}

function chainOfFlag(doc: Y.Doc, key: string): string {
  const flag = readFlags(doc).find((f) => f.key === key);
  return flag ? flagNotice(flag, statementNumbers(doc)) : '';
}

describe('loops of a map document', () => {
  it('finds the dementia case loops: 3 vicious reinforcing, 2 balancing', () => {
    const analysis = analyseMap(importFile(dementiaFile()));
    const vicious = analysis.loops.filter((l) => l.polarity === 'reinforcing' && l.character === 'vicious');
    const balancing = analysis.loops.filter((l) => l.polarity === 'balancing');
    expect(vicious).toHaveLength(3);
    expect(balancing).toHaveLength(2);
    expect(balancing.map(loopChain).sort()).toEqual(['5 → 6 → 7 → 8 → 10 → 11 → 5', '8 → 10 → 11 → 8']);
  });

  it('keeps the team title, note and character override, shared with every peer', () => {
    const doc = importFile(dementiaFile());
    const loop = analyseMap(doc).loops.find((l) => l.polarity === 'balancing');
    if (!loop) throw new Error('no balancing loop');
    setLoopNote(doc, loop.key, { title: 'Support helps', note: 'Ask the CMHN', character: 'virtuous' });
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const seen = analyseMap(peer).loops.find((l) => l.key === loop.key);
    expect(seen).toMatchObject({ title: 'Support helps', note: 'Ask the CMHN', character: 'virtuous' });
    expect(toExportLoop(seen!)).toMatchObject({ title: 'Support helps', character: 'virtuous', name: seen!.name });

    setLoopNote(peer, loop.key, { character: null, note: '' });
    expect(readLoopNotes(peer)[loop.key]).toEqual({ title: 'Support helps' });
    expect(analyseMap(peer).loops.find((l) => l.key === loop.key)?.character).toBeNull();
  });
});

describe('the server flags vicious loops and keeps labels stable', () => {
  function painSleepMood() {
    const doc = new Y.Doc();
    const ana = pinnedAuthor('Ana', 1_000);
    const pain = addStatement(doc, { text: 'Pain at night', x: 0, y: 0, valence: 'negative' }, ana);
    const sleep = addStatement(doc, { text: 'Poor sleep', x: 0, y: 0, valence: 'negative' }, ana);
    const mood = addStatement(doc, { text: 'Low mood', x: 0, y: 0 }, ana);
    addLink(doc, { from: pain, to: sleep }, ana);
    addLink(doc, { from: sleep, to: mood }, ana);
    return { doc, pain, sleep, mood, ana };
  }

  it('flags the loop the moment a link closes it, naming who closed it, and removes it when broken', () => {
    const { doc, pain, mood } = painSleepMood();
    expect(isEmptyPlan(serverPass(doc).plan)).toBe(true);
    const closing = addLink(doc, { from: mood, to: pain }, pinnedAuthor('Ben', 9_000));
    const { plan } = serverPass(doc, 9_500);
    expect(plan.addFlags).toHaveLength(1);
    const [flag] = readFlags(doc);
    expect(flag).toMatchObject({ closedBy: 'Ben', closedAt: 9_000, flaggedAt: 9_500 });
    expect(chainOfFlag(doc, flag!.key)).toBe('Vicious loop closed: 1 → 2 → 3 → 1');
    expect(mapParts(doc).labels.get(flag!.key)).toBe('R1');

    if (!closing.ok) throw new Error('link refused');
    deleteLink(doc, closing.id, pinnedAuthor('Ben', 10_000));
    serverPass(doc);
    expect(readFlags(doc)).toEqual([]);
    // The label stays on record, so the loop gets R1 again if it is closed again.
    expect(mapParts(doc).labels.get(flag!.key)).toBe('R1');
  });

  it('a loop that stops being vicious loses its flag; a new loop never reuses a label', () => {
    const { doc, pain, sleep, mood, ana } = painSleepMood();
    addLink(doc, { from: mood, to: pain }, ana);
    serverPass(doc);
    expect(readFlags(doc)).toHaveLength(1);
    setValence(doc, mood, 'positive');
    serverPass(doc);
    expect(readFlags(doc)).toHaveLength(0);

    addLink(doc, { from: sleep, to: pain, polarity: '-' }, ana);
    serverPass(doc);
    const labels = Object.values(readServerLoopState(doc).labels).sort();
    expect(labels).toEqual(['B1', 'R1']);
  });

  it('never gives a label again after its loop changed polarity', () => {
    const { doc, pain, mood, ana } = painSleepMood();
    const closing = addLink(doc, { from: mood, to: pain }, ana);
    serverPass(doc);
    if (!closing.ok) throw new Error('link refused');
    const key = readFlags(doc)[0]!.key;
    expect(readServerLoopState(doc).labels[key]).toBe('R1');
    togglePolarity(doc, closing.id);
    serverPass(doc);
    expect(readServerLoopState(doc).labels[key]).toBe('B1');
    // A new reinforcing loop elsewhere gets R2, not the retired R1.
    const a = addStatement(doc, { text: 'Less exercise', x: 0, y: 0 }, ana);
    const b = addStatement(doc, { text: 'Stiff joints', x: 0, y: 0 }, ana);
    addLink(doc, { from: a, to: b }, ana);
    addLink(doc, { from: b, to: a }, ana);
    serverPass(doc);
    const newLoop = analyseMap(doc).loops.find((l) => l.statementIds.includes(a));
    expect(newLoop?.name).toBe('R2');
  });

  it('puts labels and flags back when a client writes there', () => {
    const { doc, pain, mood, ana } = painSleepMood();
    addLink(doc, { from: mood, to: pain }, ana);
    const { state } = serverPass(doc);
    const key = readFlags(doc)[0]!.key;
    mapParts(doc).labels.set(key, 'R99');
    mapParts(doc).labels.set('made-up', 'B7');
    mapParts(doc).flags.delete(key);
    expect(restoreServerLoopState(doc, state, SERVER)).toBe(true);
    expect(readServerLoopState(doc).labels).toEqual({ [key]: 'R1' });
    expect(readFlags(doc).map((f) => f.key)).toEqual([key]);
    expect(restoreServerLoopState(doc, state, SERVER)).toBe(false);
  });

  it('keeps a flag whose loop was not listed because the listing was truncated', () => {
    const { doc, pain, mood, ana } = painSleepMood();
    addLink(doc, { from: mood, to: pain }, ana);
    const { state } = serverPass(doc);
    const truncated = analyseMap(doc, { maxLoops: 0 });
    expect(truncated.truncated).toBe(true);
    expect(planLoopState(truncated, state, 6_000).removeFlags).toEqual([]);
  });

  it('keeps an unlisted flag only while the listing is truncated and its statements still lie on a loop', () => {
    const { doc, pain, sleep, mood, ana } = painSleepMood();
    const closing = addLink(doc, { from: mood, to: pain }, ana);
    const { state } = serverPass(doc);
    const key = readFlags(doc)[0]!.key;
    // Listed in full and not there (the loop broke): the flag goes.
    if (closing.ok) deleteLink(doc, closing.id, ana);
    const whole = analyseMap(doc);
    expect(whole.truncated).toBe(false);
    expect(planLoopState(whole, readServerLoopState(doc), 6_000).removeFlags).toEqual([key]);
    // Truncated, but a statement of it is on no loop any more: the flag goes too.
    const other = addStatement(doc, { text: 'Worry', x: 0, y: 0, valence: 'negative' }, ana);
    addLink(doc, { from: sleep, to: other }, ana);
    addLink(doc, { from: other, to: sleep }, ana);
    const truncated = analyseMap(doc, { maxLoops: 0 });
    expect(truncated.truncated).toBe(true);
    expect(truncated.onLoopStatements.has(pain)).toBe(false);
    expect(planLoopState(truncated, state, 6_000).removeFlags).toEqual([key]);
  });
});
