import { type Comment, type Thread, openThreadCounts, threadsOf } from '@causal-map/shared/comments';
import type { Mark } from '@causal-map/shared/marks';

/** The map's discussion as this person sees it: the document's comments and marks, and the panel. */
export interface DiscussionState {
  comments: readonly Comment[];
  /** Every thread, newest activity first. */
  threads: readonly Thread[];
  /** Open threads by target (`statement:<id>`, …): the badges. */
  openCounts: ReadonlyMap<string, number>;
  /** Marks by link id, for links someone marked. */
  marks: ReadonlyMap<string, Readonly<Record<string, Mark>>>;
  discussionOpen: boolean;
  /** What the panel is about; null: every open thread on the map. */
  discussionOn: string | null;
}

export function initialDiscussionState(): DiscussionState {
  return { comments: [], threads: [], openCounts: new Map(), marks: new Map(), discussionOpen: false, discussionOn: null };
}

export function withComments(comments: readonly Comment[]): Pick<DiscussionState, 'comments' | 'threads' | 'openCounts'> {
  const threads = threadsOf(comments);
  return { comments, threads, openCounts: openThreadCounts(threads) };
}
