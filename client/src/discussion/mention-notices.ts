import type { StoreApi } from 'zustand/vanilla';
import { type Comment, mentionedNames } from '@causal-map/shared/comments';

interface WatchedState {
  hasSynced: boolean;
  comments: readonly Comment[];
}

const preview = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}…` : text);

/**
 * Tells this person when someone @mentions them in a comment written while they are here.
 * Comments already on the map when it arrived are old news.
 */
export function watchMentions(store: StoreApi<WatchedState>, name: () => string, notify: (message: string) => void): () => void {
  let seen: Set<string> | null = null;
  return store.subscribe((state, before) => {
    if (!state.hasSynced) return;
    if (seen === null) {
      seen = new Set(state.comments.map((comment) => comment.id));
      return;
    }
    if (state.comments === before.comments) return;
    const me = name();
    for (const comment of state.comments) {
      if (seen.has(comment.id)) continue;
      seen.add(comment.id);
      if (comment.deletedAt !== null || comment.createdBy === me || mentionedNames(comment.text, [me]).length === 0) continue;
      notify(`${comment.createdBy || 'Someone'} mentioned you: “${preview(comment.text)}”`);
    }
  });
}
