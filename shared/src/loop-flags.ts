import * as Y from 'yjs';
import { assignLabels } from './analysis/labels.js';
import type { LoopAnalysis } from './analysis/types.js';
import { type LoopFlag, readFlags, readLabels } from './loop.js';
import { mapParts } from './schema.js';

// The server owns `labels` and `flags` (SPEC §2, §5). These pure functions decide what it writes,
// so the rules can be tested without a server and any other host could apply them the same way.

/** What the server last wrote to `labels` and `flags`: its ledger, to undo clients' writes. */
export interface ServerLoopState {
  labels: Record<string, string>;
  flags: Record<string, LoopFlag>;
}

/** Prefix of the `labels` entries that keep labels a loop lost when its polarity changed. */
export const RETIRED = 'retired:';

export interface LoopStatePlan {
  addLabels: Record<string, string>;
  addFlags: LoopFlag[];
  removeFlags: string[];
}

/** Reads `labels` and `flags` as they stand in the document. */
export function readServerLoopState(doc: Y.Doc): ServerLoopState {
  const flags: Record<string, LoopFlag> = {};
  for (const flag of readFlags(doc)) flags[flag.key] = flag;
  return { labels: readLabels(doc), flags };
}

/**
 * New labels for new loops, a flag for every vicious loop not yet flagged, and the removal of
 * flags whose loop is broken or no longer vicious. When the listing was truncated, a flag whose
 * loop was not listed stays while all its statements still lie on some loop.
 */
export function planLoopState(analysis: LoopAnalysis, state: ServerLoopState, now: number): LoopStatePlan {
  const addLabels = assignLabels(analysis.loops, state.labels);
  const vicious = new Map(analysis.loops.filter((loop) => loop.character === 'vicious').map((loop) => [loop.key, loop]));
  const listed = new Set(analysis.loops.map((loop) => loop.key));
  const addFlags: LoopFlag[] = [];
  for (const loop of vicious.values()) {
    if (state.flags[loop.key]) continue;
    addFlags.push({
      key: loop.key,
      statementIds: loop.statementIds,
      closedAt: loop.closedAt,
      flaggedAt: now,
      closedBy: loop.closedBy,
    });
  }
  const removeFlags: string[] = [];
  for (const flag of Object.values(state.flags)) {
    if (vicious.has(flag.key)) continue;
    const unseen = !listed.has(flag.key);
    const stillOnLoops = flag.statementIds.every((id) => analysis.onLoopStatements.has(id));
    if (analysis.truncated && unseen && stillOnLoops) continue;
    removeFlags.push(flag.key);
  }
  return { addLabels, addFlags, removeFlags };
}

/** True when the plan changes nothing. */
export function isEmptyPlan(plan: LoopStatePlan): boolean {
  return Object.keys(plan.addLabels).length === 0 && plan.addFlags.length === 0 && plan.removeFlags.length === 0;
}

/** Applies a plan to the document and to the ledger. */
export function applyLoopStatePlan(doc: Y.Doc, state: ServerLoopState, plan: LoopStatePlan, origin?: unknown): void {
  doc.transact(() => {
    const { labels, flags } = mapParts(doc);
    for (const [key, label] of Object.entries(plan.addLabels)) {
      // A loop whose polarity changed gets a new label; its old one stays on record under
      // `retired:<label>` so that it is never given to another loop.
      const old = state.labels[key];
      if (old !== undefined && old !== label) {
        labels.set(`${RETIRED}${old}`, old);
        state.labels[`${RETIRED}${old}`] = old;
      }
      labels.set(key, label);
      state.labels[key] = label;
    }
    for (const flag of plan.addFlags) {
      flags.set(flag.key, flagMap(flag));
      state.flags[flag.key] = flag;
    }
    for (const flagKey of plan.removeFlags) {
      flags.delete(flagKey);
      delete state.flags[flagKey];
    }
  }, origin);
}

function flagMap(flag: LoopFlag): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('statementIds', [...flag.statementIds]);
  map.set('closedAt', flag.closedAt);
  map.set('flaggedAt', flag.flaggedAt);
  map.set('closedBy', flag.closedBy);
  return map;
}

function sameFlag(a: LoopFlag, b: LoopFlag): boolean {
  return (
    a.closedAt === b.closedAt &&
    a.flaggedAt === b.flaggedAt &&
    a.closedBy === b.closedBy &&
    a.statementIds.join('>') === b.statementIds.join('>')
  );
}

/**
 * Puts `labels` and `flags` back to the ledger if a client wrote there. Returns true when it
 * had to (the server logs it).
 */
export function restoreServerLoopState(doc: Y.Doc, state: ServerLoopState, origin?: unknown): boolean {
  const seen = readServerLoopState(doc);
  const labelsDiffer =
    Object.keys(seen.labels).length !== Object.keys(state.labels).length ||
    Object.entries(state.labels).some(([k, label]) => seen.labels[k] !== label);
  const flagsDiffer =
    Object.keys(seen.flags).length !== Object.keys(state.flags).length ||
    Object.values(state.flags).some((flag) => {
      const other = seen.flags[flag.key];
      return !other || !sameFlag(flag, other);
    });
  if (!labelsDiffer && !flagsDiffer) return false;
  doc.transact(() => {
    const { labels, flags } = mapParts(doc);
    if (labelsDiffer) {
      for (const k of [...labels.keys()]) if (!(k in state.labels)) labels.delete(k);
      for (const [k, label] of Object.entries(state.labels)) if (labels.get(k) !== label) labels.set(k, label);
    }
    if (flagsDiffer) {
      for (const k of [...flags.keys()]) {
        const flag = state.flags[k];
        const other = seen.flags[k];
        if (!flag) flags.delete(k);
        else if (!other || !sameFlag(flag, other)) flags.set(k, flagMap(flag));
      }
      for (const flag of Object.values(state.flags)) if (!flags.has(flag.key)) flags.set(flag.key, flagMap(flag));
    }
  }, origin);
  return true;
}
