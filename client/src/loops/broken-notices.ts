import * as Y from 'yjs';
import type { StoreApi } from 'zustand/vanilla';
import type { Loop, LoopAnalysis } from '@causal-map/shared/analysis/types';
import { mapParts } from '@causal-map/shared/schema';
import { brokenSince, loopLabel } from './broken-loops';
import { MAX_NOTICES, nextNoticeId } from './flag-notices';
import type { LoopNotice, LoopState } from './loop-state';

export interface BrokenLoopWatch {
  /** Call with every analysis, before it replaces `before` in the store. */
  analysed: (before: readonly Loop[], analysis: LoopAnalysis) => void;
  /** Call once the server has sent the map: loops broken before that are old news. */
  serverSynced: () => void;
}

interface Cause {
  by: string;
  what: string;
}

/** Who broke the loop, and how: the statement or link of it that is now deleted. */
function causeOf(doc: Y.Doc, loop: Loop): Cause | null {
  const { statements, links } = mapParts(doc);
  for (const [index, id] of loop.statementIds.entries()) {
    const entry = statements.get(id);
    if (entry instanceof Y.Map && entry.get('deletedAt') !== undefined) {
      return { by: String(entry.get('deletedBy') ?? ''), what: `deleting statement ${loop.statements[index]}` };
    }
  }
  for (const [index, id] of loop.linkIds.entries()) {
    const entry = links.get(id);
    if (entry instanceof Y.Map && entry.get('deletedAt') !== undefined) {
      const from = loop.statements[index];
      const to = loop.statements[(index + 1) % loop.statements.length];
      return { by: String(entry.get('deletedBy') ?? ''), what: `deleting the link ${from} → ${to}` };
    }
  }
  return null;
}

/**
 * Tells everyone else when someone breaks a loop the team had titled, annotated or that the
 * server flagged: who did it and how, with a way to see where it was. The person who broke it
 * is told by their own delete (with Undo), so changes this person made are left out.
 */
export function watchBrokenLoops(
  doc: Y.Doc,
  store: StoreApi<LoopState>,
  isOwnDelete: (id: string) => boolean,
): BrokenLoopWatch {
  let synced = false;
  let settled = false;
  /** Flag keys as of the last analysis: the server lowers a flag once its loop is broken. */
  let flagged = new Set<string>(mapParts(doc).flags.keys());

  return {
    serverSynced() {
      synced = true;
    },
    analysed(before, analysis) {
      // Flagged then or now: the server may lower a flag before or after this analysis.
      const wasFlagged = flagged;
      flagged = new Set(mapParts(doc).flags.keys());
      const marked = new Set([...wasFlagged, ...flagged]);
      // The first analysis after the map arrived is the map as it was: nothing is news yet.
      if (!synced || !settled) {
        settled = synced;
        return;
      }
      const notices: LoopNotice[] = [];
      for (const loop of brokenSince(before, analysis.loops, marked)) {
        const cause = causeOf(doc, loop);
        if (cause && [...loop.statementIds, ...loop.linkIds].some(isOwnDelete)) continue;
        const who = cause?.by || 'Someone';
        notices.push({
          id: nextNoticeId(),
          kind: 'broken',
          key: loop.key,
          statementIds: loop.statementIds,
          message: `${who} broke ${loopLabel(loop)}${cause ? ` by ${cause.what}` : ''}`,
        });
      }
      if (notices.length > 0) {
        store.setState((state) => ({ loopNotices: [...state.loopNotices, ...notices].slice(-MAX_NOTICES) }));
      }
    },
  };
}
