/**
 * Which of a map's journal entries (by seq) this node's document holds. Entries come from this
 * node's own commits, from other nodes through Redis (in any order) and from storage when
 * catching up; seqs in the journal have no gaps, so a hole below the highest seq seen is an
 * entry this node missed.
 */
export class SeqTracker {
  /** Every seq up to this one is held. */
  private upTo: number;
  /** Seqs held above `upTo` (arrived before an earlier one). */
  private readonly above = new Set<number>();
  private highest: number;

  constructor(loadedUpTo: number) {
    this.upTo = loadedUpTo;
    this.highest = loadedUpTo;
  }

  /** Records `seq`; false if it was held already (a duplicate, to be ignored). */
  add(seq: number): boolean {
    if (seq <= this.upTo || this.above.has(seq)) return false;
    this.highest = Math.max(this.highest, seq);
    if (seq !== this.upTo + 1) {
      this.above.add(seq);
      return true;
    }
    this.upTo = seq;
    while (this.above.delete(this.upTo + 1)) this.upTo += 1;
    return true;
  }

  /** The highest seq with none missing up to it. */
  get contiguous(): number {
    return this.upTo;
  }

  /** True if an entry below the highest seen is missing. */
  get hasGap(): boolean {
    return this.highest > this.upTo;
  }
}
