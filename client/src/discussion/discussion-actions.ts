import type * as Y from 'yjs';
import type { StoreApi } from 'zustand/vanilla';
import { addComment, deleteComment, editComment, resolveThread } from '@causal-map/shared/comments';
import { type Mark, setMark } from '@causal-map/shared/marks';
import { TALK } from '../map/origins';
import type { DiscussionState } from './discussion-state';

/** What people do in the discussion. Writing needs the edit link; the panel is one's own view. */
export interface DiscussionActions {
  /** Opens the panel on a statement, link or loop (`statement:<id>`, …), or on every thread. */
  open: (on: string | null) => void;
  close: () => void;
  toggle: () => void;
  comment: (on: string, text: string, replyTo?: string) => void;
  edit: (id: string, text: string) => void;
  remove: (id: string) => void;
  resolve: (rootId: string, resolved: boolean) => void;
  /** Sets this person's mark on a link; the same mark again withdraws it. */
  mark: (linkId: string, mark: Mark) => void;
}

interface DiscussionContext {
  canEdit: boolean;
  doc: Y.Doc;
  store: StoreApi<DiscussionState & { loopsPanelOpen: boolean }>;
  /** This person's display name, as they set it last. */
  name: () => string;
}

export function createDiscussionActions({ canEdit, doc, store, name }: DiscussionContext): DiscussionActions {
  const author = () => ({ name: name() });
  return {
    // One side panel at a time: the discussion takes the loops panel's place.
    open: (on) => store.setState({ discussionOpen: true, discussionOn: on, loopsPanelOpen: false }),
    close: () => store.setState({ discussionOpen: false }),
    toggle: () =>
      store.setState((state) => (state.discussionOpen ? { discussionOpen: false } : { discussionOpen: true, discussionOn: null, loopsPanelOpen: false })),
    comment(on, text, replyTo) {
      if (canEdit && text.trim()) addComment(doc, { on, text: text.trim(), replyTo: replyTo ?? null }, author(), TALK);
    },
    edit(id, text) {
      if (canEdit && text.trim()) editComment(doc, id, text.trim(), author(), TALK);
    },
    remove(id) {
      if (canEdit) deleteComment(doc, id, author(), TALK);
    },
    resolve(rootId, resolved) {
      if (canEdit) resolveThread(doc, rootId, resolved, author(), TALK);
    },
    mark(linkId, mark) {
      if (!canEdit || !name()) return;
      const mine = store.getState().marks.get(linkId)?.[name()];
      setMark(doc, linkId, name(), mine === mark ? null : mark, TALK);
    },
  };
}
