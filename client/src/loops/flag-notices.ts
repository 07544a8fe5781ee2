import type * as Y from 'yjs';
import type { StoreApi } from 'zustand/vanilla';
import type { LoopAnalysis } from '@causal-map/shared/analysis/types';
import { type LoopFlag, byFlagging, flagNotice, readFlag } from '@causal-map/shared/loop';
import { statementNumbers } from '@causal-map/shared/numbering';
import { mapParts } from '@causal-map/shared/schema';
import type { LoopNotice, LoopState } from './loop-state';

/** More notices than this at once would hide the map; the oldest go first. */
export const MAX_NOTICES = 3;

let noticeCount = 0;
/** Notices of every kind share one sequence, so their ids never clash. */
export function nextNoticeId(): number {
  return ++noticeCount;
}

export interface FlagWatch {
  /** Call on every sync with the server; the first one marks what the map arrived with. */
  serverSynced: () => void;
  /** Call with every analysis applied; the first after the first sync settles what is old news. */
  analysed: (analysis: LoopAnalysis) => void;
  dispose: () => void;
}

/**
 * `loading`: the server has not sent the map yet. `settling`: it has, and the first analysis
 * of the map as it arrived is on the way. `open`: flags raised from now on are news.
 */
type Phase = 'loading' | 'settling' | 'open';

function noticeText(flag: LoopFlag, numbers: Map<string, number>): string {
  const closedBy = flag.closedBy ? ` — closed by ${flag.closedBy}` : '';
  return `${flagNotice(flag, numbers)}${closedBy}`;
}

function viciousKeys(analysis: LoopAnalysis): Set<string> {
  return new Set(analysis.loops.filter((loop) => loop.character === 'vicious').map((loop) => loop.key));
}

/**
 * Turns flags the server raises while this person has the map open into notices (SPEC §5).
 * Old news shows none: flags the map arrived with, and flags for loops that were already
 * vicious when it arrived (the server may flag an imported map's loops a moment after the
 * first sync). A notice goes away when its flag does: the loop was broken.
 */
export function watchFlags(doc: Y.Doc, store: StoreApi<LoopState>): FlagWatch {
  const { flags } = mapParts(doc);
  let phase: Phase = 'loading';
  /** Flag keys already accounted for. */
  let known = new Set<string>();
  /** Vicious loops the map arrived with, while they stay vicious. */
  let arrivedVicious = new Set<string>();

  /**
   * Judges the flags under `keys` (those a change touched): one new to this person, and not a
   * loop already vicious on arrival, is news; one known that went away takes its notice along.
   * Only these are read: a dense map's thousands of flags arrive a slice at a time.
   */
  const judge = (keys: Iterable<string>) => {
    const fresh: LoopFlag[] = [];
    const lowered = new Set<string>();
    for (const key of keys) {
      if (!flags.has(key)) {
        if (known.delete(key)) lowered.add(key);
        continue;
      }
      if (known.has(key)) continue;
      known.add(key);
      const flag = arrivedVicious.has(key) ? null : readFlag(doc, key);
      if (flag) fresh.push(flag);
    }
    if (fresh.length + lowered.size === 0) return;
    fresh.sort(byFlagging);
    const numbers = fresh.length > 0 ? statementNumbers(doc) : new Map<string, number>();
    // A flag naming statements this map does not have cannot be shown as a chain.
    const raised = fresh.filter((flag) => flag.statementIds.length > 0 && flag.statementIds.every((id) => numbers.has(id)));
    const added: LoopNotice[] = raised.map((flag) => ({
      id: nextNoticeId(),
      kind: 'closed',
      key: flag.key,
      statementIds: flag.statementIds,
      message: noticeText(flag, numbers),
    }));
    store.setState((state) => ({
      loopNotices: [
        // A notice that a loop was broken stays: its flag going is what it is about.
        ...state.loopNotices.filter((notice) => notice.kind === 'broken' || !lowered.has(notice.key)),
        ...added,
      ].slice(-MAX_NOTICES),
    }));
  };

  const onFlagsChange = (event: Y.YMapEvent<Y.Map<unknown>>) => {
    if (phase === 'open') judge(event.keysChanged);
  };

  flags.observe(onFlagsChange);
  return {
    serverSynced() {
      if (phase !== 'loading') return;
      phase = 'settling';
      known = new Set(flags.keys());
    },
    analysed(analysis) {
      if (phase === 'loading') return;
      const vicious = viciousKeys(analysis);
      if (phase === 'settling') {
        arrivedVicious = vicious;
        phase = 'open';
        // Flags raised or lowered while settling are judged now.
        judge(new Set([...known, ...flags.keys()]));
        return;
      }
      // A loop that is broken and closed again later is news again.
      arrivedVicious = new Set([...arrivedVicious].filter((key) => vicious.has(key)));
    },
    dispose() {
      flags.unobserve(onFlagsChange);
    },
  };
}
