import type { Loop, LoopAnalysis, LoopNote } from '@causal-map/shared/analysis/types';

export type LoopCounts = LoopAnalysis['counts'];

/**
 * A vicious loop the server flagged while this person had the map open (SPEC §5), or a loop
 * the team titled, annotated or that was flagged, which someone else just broke.
 */
export interface LoopNotice {
  id: number;
  /** A vicious loop was closed (a server flag), or someone broke a loop the team had marked. */
  kind: 'closed' | 'broken';
  /** The loop's key, to select it. */
  key: string;
  statementIds: string[];
  /** e.g. "Vicious loop closed: 4 → 5 → 6 → 7 → 4 — closed by Ben (GP)" */
  message: string;
}

/**
 * The loop part of an open map's state. The analysis is derived from the document; the
 * selected loop, the panel and the notices are this person's own view, never shared.
 */
export interface LoopState {
  /** In listing order (SPEC §2). */
  loops: Loop[];
  truncated: boolean;
  onLoopStatements: ReadonlySet<string>;
  onLoopLinks: ReadonlySet<string>;
  counts: LoopCounts;
  /** The team's titles, notes and character overrides, by loop key, as in the document. */
  loopNotes: Readonly<Record<string, LoopNote>>;
  selectedLoopKey: string | null;
  /** The loop `selectedLoopKey` names, while the analysis lists it. */
  selectedLoop: Loop | null;
  /** Counts up each time someone asks to see a loop, so the view moves even to the same loop. */
  loopShowCount: number;
  loopsPanelOpen: boolean;
  loopNotices: LoopNotice[];
  /** Statements someone asked to see (where a broken loop was); the count moves the view again. */
  placeShown: { statementIds: string[]; count: number } | null;
}

const NOTHING: ReadonlySet<string> = new Set();

export function initialLoopState(): LoopState {
  return {
    loops: [],
    truncated: false,
    onLoopStatements: NOTHING,
    onLoopLinks: NOTHING,
    counts: { reinforcing: 0, balancing: 0, vicious: 0, virtuous: 0 },
    loopNotes: {},
    selectedLoopKey: null,
    selectedLoop: null,
    loopShowCount: 0,
    loopsPanelOpen: false,
    loopNotices: [],
    placeShown: null,
  };
}

/** The state after a new analysis: a selected loop that was broken is no longer selected. */
export function withAnalysis(state: LoopState, analysis: LoopAnalysis): Partial<LoopState> {
  const selectedLoop = findLoop(analysis.loops, state.selectedLoopKey);
  return {
    loops: analysis.loops,
    truncated: analysis.truncated,
    onLoopStatements: sameSet(state.onLoopStatements, analysis.onLoopStatements)
      ? state.onLoopStatements
      : analysis.onLoopStatements,
    onLoopLinks: sameSet(state.onLoopLinks, analysis.onLoopLinks) ? state.onLoopLinks : analysis.onLoopLinks,
    counts: analysis.counts,
    selectedLoop,
    selectedLoopKey: selectedLoop ? selectedLoop.key : null,
  };
}

export function findLoop(loops: readonly Loop[], key: string | null): Loop | null {
  if (key === null) return null;
  return loops.find((loop) => loop.key === key) ?? null;
}

/** What a loop row and badge say about it: its character, or "balancing" if it has none. */
export type LoopKind = 'vicious' | 'virtuous' | 'unclassified' | 'balancing';

export function loopKind(loop: Pick<Loop, 'character'>): LoopKind {
  return loop.character ?? 'balancing';
}

// Keeping the old set when nothing changed spares every statement and link a re-render.
function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const item of b) if (!a.has(item)) return false;
  return true;
}
