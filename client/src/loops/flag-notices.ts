import type * as Y from 'yjs';
import type { StoreApi } from 'zustand/vanilla';
import type { LoopAnalysis } from '@causal-map/shared/analysis/types';
import { type LoopFlag, flagNotice, readFlags } from '@causal-map/shared/loop';
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

  const onFlagsChange = () => {
    if (phase !== 'open') return;
    const current = readFlags(doc);
    const keys = new Set(current.map((flag) => flag.key));
    const fresh = current.filter((flag) => !known.has(flag.key) && !arrivedVicious.has(flag.key));
    const lowered = [...known].filter((key) => !keys.has(key));
    known = keys;
    if (fresh.length + lowered.length === 0) return;
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
    const gone = new Set(lowered);
    store.setState((state) => ({
      loopNotices: [
        // A notice that a loop was broken stays: its flag going is what it is about.
        ...state.loopNotices.filter((notice) => notice.kind === 'broken' || !gone.has(notice.key)),
        ...added,
      ].slice(-MAX_NOTICES),
    }));
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
        // Flags raised while settling are judged now.
        onFlagsChange();
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
