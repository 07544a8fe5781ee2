import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Comment, Thread } from '@causal-map/shared/comments';
import { useMapState, useSession } from '../map/session-context';
import { CommentBox } from './CommentBox';
import { CommentText } from './CommentText';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface CommentViewProps {
  comment: Comment;
  names: readonly string[];
  mine: boolean;
  canEdit: boolean;
}

function CommentView({ comment, names, mine, canEdit }: CommentViewProps) {
  const { discussion } = useSession();
  const [editing, setEditing] = useState(false);
  if (comment.deletedAt !== null) {
    return (
      <li className="comment is-deleted" data-testid="comment">
        <p className="note">Comment deleted by {comment.deletedBy || 'its author'}.</p>
      </li>
    );
  }
  return (
    <li className="comment" data-testid="comment">
      <p className="comment-head">
        <strong>{comment.createdBy || 'Someone'}</strong> <time dateTime={new Date(comment.createdAt).toISOString()}>{when(comment.createdAt)}</time>
        {comment.editedAt !== null && <span className="note"> (edited)</span>}
      </p>
      {editing ? (
        <CommentBox
          label="Change your comment"
          button="Save"
          initial={comment.text}
          autoFocus
          onSend={(text) => {
            discussion.edit(comment.id, text);
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <CommentText text={comment.text} names={names} />
      )}
      {mine && canEdit && !editing && (
        <div className="comment-actions">
          <button type="button" className="quiet" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button type="button" className="quiet" onClick={() => discussion.remove(comment.id)}>
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

interface ThreadViewProps {
  thread: Thread;
  /** What the thread is about, shown in the list of every thread with a way to go there. */
  about?: { words: string; onShow: () => void };
}

/** One thread: its comments, a reply box, resolve and reopen. */
export function ThreadView({ thread, about }: ThreadViewProps) {
  const { discussion, role } = useSession();
  const canEdit = role === 'edit';
  const me = useMapState((state) => state.peers.find((peer) => peer.isSelf)?.name ?? '');
  const names = useMapState(useShallow((state) => state.peers.map((peer) => peer.name)));
  const [replying, setReplying] = useState(false);
  const count = 1 + thread.replies.length;
  return (
    <article className={thread.resolved ? 'thread is-resolved' : 'thread'} data-testid="thread" aria-label={`Thread by ${thread.root.createdBy || 'someone'}, ${count} ${count === 1 ? 'comment' : 'comments'}${thread.resolved ? ', resolved' : ''}`}>
      {about && (
        <p className="thread-about">
          <button type="button" className="link-button" onClick={about.onShow} title="Show it on the map">
            {about.words}
          </button>
        </p>
      )}
      <ol className="comments">
        {[thread.root, ...thread.replies].map((comment) => (
          <CommentView key={comment.id} comment={comment} names={names} mine={comment.createdBy === me} canEdit={canEdit} />
        ))}
      </ol>
      {thread.resolved && <p className="note">Resolved by {thread.root.resolvedBy || 'someone'}.</p>}
      {canEdit && (
        <div className="thread-actions">
          {replying ? (
            <CommentBox label="Your reply" button="Reply" autoFocus onSend={(text) => {
                discussion.comment(thread.on, text, thread.root.id);
                setReplying(false);
              }}
              onCancel={() => setReplying(false)} />
          ) : (
            <button type="button" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}
          <button type="button" className="quiet" onClick={() => discussion.resolve(thread.root.id, !thread.resolved)}>
            {thread.resolved ? 'Reopen' : 'Resolve'}
          </button>
        </div>
      )}
    </article>
  );
}
