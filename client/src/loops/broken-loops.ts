import type { Loop } from '@causal-map/shared/analysis/types';
import { loopChain } from '@causal-map/shared/loop';

/** A loop the team has put work into: they titled it or wrote a note on it, or the server flagged it. */
export function isMarked(loop: Loop, flagged: ReadonlySet<string>): boolean {
  return Boolean(loop.title?.trim() || loop.note?.trim()) || flagged.has(loop.key);
}

/** How a loop is named in a message: `R1 “Loss of control spiral”`, else `R1 (4 → 5 → 6 → 4)`. */
export function loopLabel(loop: Loop): string {
  const title = loop.title?.trim();
  return title ? `${loop.name} “${title}”` : `${loop.name} (${loopChain(loop)})`;
}

/** The marked loops that deleting these statements and links would break. */
export function loopsBrokenBy(
  loops: readonly Loop[],
  flagged: ReadonlySet<string>,
  statementIds: readonly string[],
  linkIds: readonly string[],
): Loop[] {
  const statements = new Set(statementIds);
  const links = new Set(linkIds);
  return loops.filter(
    (loop) =>
      isMarked(loop, flagged) &&
      (loop.statementIds.some((id) => statements.has(id)) || loop.linkIds.some((id) => links.has(id))),
  );
}

/** Marked loops listed `before` and no longer listed `after`: someone broke them. */
export function brokenSince(before: readonly Loop[], after: readonly Loop[], flagged: ReadonlySet<string>): Loop[] {
  const still = new Set(after.map((loop) => loop.key));
  return before.filter((loop) => !still.has(loop.key) && isMarked(loop, flagged));
}

/** "This breaks R1 “Loss of control spiral”." or "This breaks R1 “…” and R2 (3 → 4 → 3)." */
export function breaksSentence(loops: readonly Loop[]): string {
  const labels = loops.map(loopLabel);
  const last = labels.pop();
  return `This breaks ${labels.length > 0 ? `${labels.join(', ')} and ${last}` : last}.`;
}
