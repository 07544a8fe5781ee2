import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createStore } from 'zustand/vanilla';
import { addLink, deleteLink } from '@causal-map/shared/link';
import { analyseMap } from '@causal-map/shared/loop';
import { applyLoopStatePlan, planLoopState, readServerLoopState } from '@causal-map/shared/loop-flags';
import { addStatement } from '@causal-map/shared/statement';
import { watchFlags } from './flag-notices';
import { type LoopState, initialLoopState } from './loop-state';

const ana = { name: 'Ana (nurse)' };

/** A map with two vicious loops-to-be, and what the server does after each change. */
function setUp() {
  const doc = new Y.Doc();
  const [pain, sleep, mood, worry] = ['Pain at night', 'Poor sleep', 'Low mood', 'Worry'].map((text) =>
    addStatement(doc, { text, x: 0, y: 0, valence: 'negative' }, ana),
  ) as [string, string, string, string];
  const serverPass = () => {
    const state = readServerLoopState(doc);
    applyLoopStatePlan(doc, state, planLoopState(analyseMap(doc), state, Date.now()), 'server');
  };
  const store = createStore<LoopState>(() => initialLoopState());
  const watch = watchFlags(doc, store);
  const notices = () => store.getState().loopNotices.map((notice) => notice.message);
  return { doc, pain, sleep, mood, worry, serverPass, watch, notices };
}

describe('notices of vicious loops', () => {
  it('tell of a loop flagged while the map is open, naming who closed it, and go when it breaks', () => {
    const { doc, pain, sleep, serverPass, watch, notices } = setUp();
    watch.serverSynced();
    watch.analysed(analyseMap(doc));
    addLink(doc, { from: pain, to: sleep }, ana);
    const closing = addLink(doc, { from: sleep, to: pain }, ana);
    serverPass();
    expect(notices()).toEqual(['Vicious loop closed: 1 → 2 → 1 — closed by Ana (nurse)']);

    if (closing.ok) deleteLink(doc, closing.id, ana);
    serverPass();
    expect(notices()).toEqual([]);
  });

  it('stay quiet about flags the map arrived with, and loops that were already vicious then', () => {
    const { doc, pain, sleep, mood, worry, serverPass, watch, notices } = setUp();
    addLink(doc, { from: pain, to: sleep }, ana);
    addLink(doc, { from: sleep, to: pain }, ana);
    serverPass();
    addLink(doc, { from: mood, to: worry }, ana);
    addLink(doc, { from: worry, to: mood }, ana);
    // The map arrives with one flag, and a vicious loop the server has not flagged yet.
    watch.serverSynced();
    serverPass();
    watch.analysed(analyseMap(doc));
    expect(notices()).toEqual([]);
    // A loop closed from now on is news.
    addLink(doc, { from: sleep, to: mood }, ana);
    addLink(doc, { from: mood, to: sleep }, ana);
    serverPass();
    watch.analysed(analyseMap(doc));
    expect(notices()).toEqual(['Vicious loop closed: 2 → 3 → 2 — closed by Ana (nurse)']);
    watch.dispose();
  });

  it('judge a loop flagged while the first analysis was on its way, and flags arriving one slice at a time', () => {
    const { doc, pain, sleep, mood, worry, serverPass, watch, notices } = setUp();
    watch.serverSynced();
    // The first analysis, of the map as it arrived, is on its way while a loop is closed and
    // flagged: news once the analysis is in.
    const arrived = analyseMap(doc);
    addLink(doc, { from: pain, to: sleep }, ana);
    addLink(doc, { from: sleep, to: pain }, ana);
    serverPass();
    expect(notices()).toEqual([]);
    watch.analysed(arrived);
    expect(notices()).toEqual(['Vicious loop closed: 1 → 2 → 1 — closed by Ana (nurse)']);

    // Two more loops, flagged in two transactions as a dense map's pass writes them.
    addLink(doc, { from: mood, to: worry }, ana);
    addLink(doc, { from: worry, to: mood }, ana);
    addLink(doc, { from: sleep, to: mood }, ana);
    addLink(doc, { from: mood, to: sleep }, ana);
    const state = readServerLoopState(doc);
    const plan = planLoopState(analyseMap(doc), state, Date.now());
    expect(plan.addFlags).toHaveLength(2);
    for (const flag of plan.addFlags) applyLoopStatePlan(doc, state, { addLabels: {}, addFlags: [flag], removeFlags: [] }, 'server');
    expect(notices()).toHaveLength(3);
    expect(notices().slice(1).sort()).toEqual([
      'Vicious loop closed: 2 → 3 → 2 — closed by Ana (nurse)',
      'Vicious loop closed: 3 → 4 → 3 — closed by Ana (nurse)',
    ]);
    watch.dispose();
  });
});
