/**
 * Follows the numbers of the statements this person added. Numbers follow the order in which
 * statements reached everyone (SPEC §1), so a statement added offline, or at the same moment as
 * someone else's, can end up with another number than it first showed: its author is told.
 */
export interface OwnNumbers {
  add(id: string): void;
  /** What to tell the author when some of their numbers changed, else null. */
  check(numbers: ReadonlyMap<string, number>): string | null;
}

export function followOwnNumbers(): OwnNumbers {
  const shown = new Map<string, number | null>();
  return {
    add(id) {
      shown.set(id, null);
    },
    check(numbers) {
      const changed: number[] = [];
      for (const [id, before] of shown) {
        const now = numbers.get(id);
        if (now === undefined || now === before) continue;
        if (before !== null) changed.push(now);
        shown.set(id, now);
      }
      if (changed.length === 0) return null;
      if (changed.length === 1) return `Your statement is now number ${changed[0]}: others added one meanwhile`;
      return `Your statements are now numbers ${changed.sort((a, b) => a - b).join(', ')}: others added some meanwhile`;
    },
  };
}
