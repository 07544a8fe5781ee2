import * as Y from 'yjs';
import { newId } from './ids.js';
import { type Author, nowOf } from './schema.js';

// Discussion threads on statements, links and loops (SPEC §7 `comments`). A thread is a comment
// without `replyTo` and every comment that replies to it, directly or to one of its replies.

/** The longest comment; the server refuses longer values (like any text, see `MAX_TEXT`). */
export const MAX_COMMENT_LENGTH = 2000;

/** What a comment is about: `statement:<id>`, `link:<id>` or `loop:<key>`. */
export type CommentTarget = `statement:${string}` | `link:${string}` | `loop:${string}`;
export type TargetKind = 'statement' | 'link' | 'loop';

export interface Comment {
  id: string;
  on: string;
  text: string;
  createdAt: number;
  createdBy: string;
  replyTo: string | null;
  /** When its author last changed the text (this project's addition to SPEC §7). */
  editedAt: number | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  deletedAt: number | null;
  deletedBy: string | null;
}

export interface Thread {
  /** The comment that opened the thread. */
  root: Comment;
  /** Its replies, oldest first, deleted ones included (shown as "deleted"). */
  replies: Comment[];
  on: string;
  resolved: boolean;
  /** When anyone last wrote in it: the Discussion panel lists newest first by this. */
  lastActivity: number;
}

export function commentTarget(kind: TargetKind, id: string): CommentTarget {
  return `${kind}:${id}`;
}

/** The kind and id of a target, or null for a target this version does not know. */
export function parseTarget(on: string): { kind: TargetKind; id: string } | null {
  const match = /^(statement|link|loop):(.+)$/s.exec(on);
  return match ? { kind: match[1] as TargetKind, id: match[2]! } : null;
}

export function commentsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('comments');
}

const str = (map: Y.Map<unknown>, key: string): string | null => {
  const value = map.get(key);
  return typeof value === 'string' ? value : null;
};
const num = (map: Y.Map<unknown>, key: string): number | null => {
  const value = map.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** One comment's Y.Map as a plain object; null if it lacks what every comment has. */
export function readComment(id: string, map: Y.Map<unknown>): Comment | null {
  const on = str(map, 'on');
  const text = str(map, 'text');
  if (on === null || text === null) return null;
  return {
    id,
    on,
    text,
    createdAt: num(map, 'createdAt') ?? 0,
    createdBy: str(map, 'createdBy') ?? '',
    replyTo: str(map, 'replyTo'),
    editedAt: num(map, 'editedAt'),
    resolvedAt: num(map, 'resolvedAt'),
    resolvedBy: str(map, 'resolvedBy'),
    deletedAt: num(map, 'deletedAt'),
    deletedBy: str(map, 'deletedBy'),
  };
}

/** Every comment in the document, oldest first (ties by id, so every peer lists them alike). */
export function readComments(doc: Y.Doc): Comment[] {
  const comments: Comment[] = [];
  for (const [id, map] of commentsOf(doc)) {
    if (!(map instanceof Y.Map)) continue;
    const comment = readComment(id, map);
    if (comment) comments.push(comment);
  }
  return comments.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface NewComment {
  on: string;
  text: string;
  replyTo?: string | null;
  /** Set only by imports, which keep the ids and times of the file. */
  id?: string;
  createdAt?: number;
  createdBy?: string;
}

/** Adds a comment (a new thread, or a reply with `replyTo`); returns its id. */
export function addComment(doc: Y.Doc, comment: NewComment, author: Author, origin?: unknown): string {
  const id = comment.id ?? newId();
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('on', comment.on);
    map.set('text', comment.text.slice(0, MAX_COMMENT_LENGTH));
    map.set('createdAt', comment.createdAt ?? nowOf(author));
    map.set('createdBy', comment.createdBy ?? author.name);
    if (comment.replyTo) map.set('replyTo', comment.replyTo);
    commentsOf(doc).set(id, map);
  }, origin);
  return id;
}

function entry(doc: Y.Doc, id: string): Y.Map<unknown> | null {
  const map = commentsOf(doc).get(id);
  return map instanceof Y.Map ? map : null;
}

/** Changes a comment's text; only its author may, so others' comments are left as they are. */
export function editComment(doc: Y.Doc, id: string, text: string, author: Author, origin?: unknown): boolean {
  const map = entry(doc, id);
  if (!map || str(map, 'createdBy') !== author.name || num(map, 'deletedAt') !== null) return false;
  doc.transact(() => {
    map.set('text', text.slice(0, MAX_COMMENT_LENGTH));
    map.set('editedAt', nowOf(author));
  }, origin);
  return true;
}

/** Deletes one's own comment, softly: the thread keeps its place and says it was deleted. */
export function deleteComment(doc: Y.Doc, id: string, author: Author, origin?: unknown): boolean {
  const map = entry(doc, id);
  if (!map || str(map, 'createdBy') !== author.name || num(map, 'deletedAt') !== null) return false;
  doc.transact(() => {
    map.set('deletedAt', nowOf(author));
    map.set('deletedBy', author.name);
  }, origin);
  return true;
}

/** Marks a thread resolved (on its first comment), or reopens it. Anyone who edits may. */
export function resolveThread(doc: Y.Doc, rootId: string, resolved: boolean, author: Author, origin?: unknown): void {
  const map = entry(doc, rootId);
  if (!map) return;
  doc.transact(() => {
    if (resolved) {
      map.set('resolvedAt', nowOf(author));
      map.set('resolvedBy', author.name);
    } else {
      map.delete('resolvedAt');
      map.delete('resolvedBy');
    }
  }, origin);
}

/**
 * The comments grouped into threads, newest activity first. A reply whose comment is missing
 * (a foreign writer) opens a thread of its own, so nothing anyone wrote is hidden.
 */
export function threadsOf(comments: readonly Comment[]): Thread[] {
  const byId = new Map(comments.map((comment) => [comment.id, comment]));
  const rootOf = (comment: Comment): Comment => {
    let current = comment;
    const seen = new Set<string>();
    while (current.replyTo && byId.has(current.replyTo) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.replyTo)!;
    }
    return current;
  };
  const threads = new Map<string, Thread>();
  for (const comment of comments) {
    const root = rootOf(comment);
    let thread = threads.get(root.id);
    if (!thread) {
      thread = { root, replies: [], on: root.on, resolved: root.resolvedAt !== null, lastActivity: root.createdAt };
      threads.set(root.id, thread);
    }
    if (comment !== root) thread.replies.push(comment);
    thread.lastActivity = Math.max(thread.lastActivity, comment.editedAt ?? comment.createdAt, comment.createdAt);
  }
  return [...threads.values()]
    .filter((thread) => thread.root.deletedAt === null || thread.replies.some((reply) => reply.deletedAt === null))
    .sort((a, b) => b.lastActivity - a.lastActivity || (a.root.id < b.root.id ? -1 : 1));
}

/** How many open (unresolved) threads each target has. */
export function openThreadCounts(threads: readonly Thread[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const thread of threads) if (!thread.resolved) counts.set(thread.on, (counts.get(thread.on) ?? 0) + 1);
  return counts;
}

/**
 * The names among `names` (people present) that a comment mentions with `@Name`. At each `@`
 * the longest name that fits wins, so "@Ana Maria" is not read as "@Ana". Case is ignored.
 */
export function mentionedNames(text: string, names: readonly string[]): string[] {
  const sorted = [...new Set(names)].filter(Boolean).sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase();
  const found = new Set<string>();
  for (let at = lower.indexOf('@'); at >= 0; at = lower.indexOf('@', at + 1)) {
    const name = sorted.find(
      (candidate) => lower.startsWith(candidate.toLowerCase(), at + 1) && !/[\p{L}\p{N}_]/u.test(lower.charAt(at + 1 + candidate.length)),
    );
    if (name) found.add(name);
  }
  return [...found];
}
