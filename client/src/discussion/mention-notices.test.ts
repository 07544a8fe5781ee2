import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Comment } from '@causal-map/shared/comments';
import { watchMentions } from './mention-notices';

const comment = (id: string, createdBy: string, text: string): Comment => ({
  id,
  on: 'statement:s1',
  text,
  createdAt: 1,
  createdBy,
  replyTo: null,
  editedAt: null,
  resolvedAt: null,
  resolvedBy: null,
  deletedAt: null,
  deletedBy: null,
});

describe('mentions', () => {
  it('tells Ben about a new comment that mentions him, not about old ones or his own', () => {
    const store = createStore(() => ({ hasSynced: false, comments: [comment('old', 'Ana', '@Ben before you came')] }));
    const told: string[] = [];
    watchMentions(store, () => 'Ben', (message) => told.push(message));
    store.setState({ hasSynced: true });
    store.setState((state) => ({ comments: [...state.comments, comment('new', 'Ana', 'What do you think, @ben?')] }));
    store.setState((state) => ({ comments: [...state.comments, comment('mine', 'Ben', 'I, @Ben, think so')] }));
    store.setState((state) => ({ comments: [...state.comments, comment('other', 'Ana', '@Benedict, please check')] }));
    expect(told).toEqual(['Ana mentioned you: “What do you think, @ben?”']);
  });
});
