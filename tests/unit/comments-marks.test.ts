import {
  MAX_COMMENT_LENGTH,
  addComment,
  commentTarget,
  deleteComment,
  editComment,
  mentionedNames,
  openThreadCounts,
  parseTarget,
  readComments,
  resolveThread,
  threadsOf,
} from '@causal-map/shared/comments';
import { parseExportDocument, toExportDocument } from '@causal-map/shared/export-document';
import { addLink } from '@causal-map/shared/link';
import { countMarks, isContested, readAllMarks, readMarks, setMark } from '@causal-map/shared/marks';
import { addStatement, deleteStatement } from '@causal-map/shared/statement';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pinnedAuthor } from './helpers/authors.js';
import { importFile } from './helpers/export-files.js';

function twoStatementsLinked() {
  const doc = new Y.Doc();
  const author = pinnedAuthor('Ana', 1_000);
  const a = addStatement(doc, { text: 'Memory worsens', x: 0, y: 0 }, author);
  const b = addStatement(doc, { text: 'Withdraws', x: 300, y: 0 }, author);
  const link = addLink(doc, { from: a, to: b }, author);
  if (!link.ok) throw new Error('link refused');
  return { doc, a, b, link: link.id };
}

/** Two peers that see each other's changes at once, as on one live map. */
function twoPeers(doc: Y.Doc) {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(other, update, 'net'));
  other.on('update', (update: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(doc, update, 'net'));
  return other;
}

describe('threads', () => {
  it('groups replies (and replies to replies) under the comment that opened the thread', () => {
    const { doc, a } = twoStatementsLinked();
    const ana = pinnedAuthor('Ana', 2_000, 2_000);
    const ben = pinnedAuthor('Ben', 3_000);
    const on = commentTarget('statement', a);
    const root = addComment(doc, { on, text: 'Since when?' }, ana);
    const reply = addComment(doc, { on, text: 'Since the fall in March', replyTo: root }, ben);
    addComment(doc, { on, text: 'Thanks', replyTo: reply }, ana);
    const [thread, ...others] = threadsOf(readComments(doc));
    expect(others).toHaveLength(0);
    expect(thread!.root.text).toBe('Since when?');
    expect(thread!.replies.map((c) => `${c.createdBy}: ${c.text}`)).toEqual(['Ben: Since the fall in March', 'Ana: Thanks']);
    expect(thread!.on).toBe(`statement:${a}`);
    expect(parseTarget(thread!.on)).toEqual({ kind: 'statement', id: a });
  });

  it('lists the thread with the newest activity first, and counts open threads per target', () => {
    const { doc, a, link } = twoStatementsLinked();
    const ana = pinnedAuthor('Ana', 2_000, 100);
    const older = addComment(doc, { on: commentTarget('statement', a), text: 'First' }, ana);
    addComment(doc, { on: commentTarget('link', link), text: 'Second' }, ana);
    addComment(doc, { on: commentTarget('statement', a), text: 'Third' }, ana);
    expect(threadsOf(readComments(doc)).map((t) => t.root.text)).toEqual(['Third', 'Second', 'First']);
    addComment(doc, { on: commentTarget('statement', a), text: 'Reply brings it up', replyTo: older }, ana);
    expect(threadsOf(readComments(doc)).map((t) => t.root.text)).toEqual(['First', 'Third', 'Second']);
    expect(openThreadCounts(threadsOf(readComments(doc)))).toEqual(new Map([[`statement:${a}`, 2], [`link:${link}`, 1]]));
  });

  it('resolves and reopens a thread; a resolved thread is not counted as open', () => {
    const { doc, a } = twoStatementsLinked();
    const ben = pinnedAuthor('Ben', 5_000);
    const root = addComment(doc, { on: commentTarget('statement', a), text: 'Is this right?' }, pinnedAuthor('Ana', 4_000));
    resolveThread(doc, root, true, ben);
    const [resolved] = threadsOf(readComments(doc));
    expect(resolved!.resolved).toBe(true);
    expect(resolved!.root.resolvedBy).toBe('Ben');
    expect(openThreadCounts([resolved!]).size).toBe(0);
    resolveThread(doc, root, false, ben);
    expect(threadsOf(readComments(doc))[0]!.resolved).toBe(false);
  });

  it('lets only the author edit or delete a comment; a deleted comment stays in its thread as deleted', () => {
    const { doc, a } = twoStatementsLinked();
    const ana = pinnedAuthor('Ana', 6_000);
    const ben = pinnedAuthor('Ben', 7_000);
    const root = addComment(doc, { on: commentTarget('statement', a), text: 'Typo hre' }, ana);
    const reply = addComment(doc, { on: commentTarget('statement', a), text: 'Agreed', replyTo: root }, ben);
    expect(editComment(doc, root, 'Typo here', ben)).toBe(false);
    expect(editComment(doc, root, 'Typo here', ana)).toBe(true);
    expect(deleteComment(doc, reply, ana)).toBe(false);
    expect(deleteComment(doc, reply, ben)).toBe(true);
    const [thread] = threadsOf(readComments(doc));
    expect(thread!.root.text).toBe('Typo here');
    expect(thread!.root.editedAt).toBe(6_001);
    expect(thread!.replies[0]!.deletedBy).toBe('Ben');
    expect(editComment(doc, reply, 'Back from the dead', ben)).toBe(false);
    // With every comment deleted, the thread is gone from the list.
    deleteComment(doc, root, ana);
    expect(threadsOf(readComments(doc))).toHaveLength(0);
  });

  it("keeps a statement's thread when the statement is deleted", () => {
    const { doc, a } = twoStatementsLinked();
    addComment(doc, { on: commentTarget('statement', a), text: 'Still relevant?' }, pinnedAuthor('Ana', 8_000));
    deleteStatement(doc, a, pinnedAuthor('Ana', 9_000));
    expect(threadsOf(readComments(doc))[0]!.root.text).toBe('Still relevant?');
  });

  it('keeps two people’s comments written at once, and cuts a comment to the limit', () => {
    const { doc, a } = twoStatementsLinked();
    const other = twoPeers(doc);
    addComment(doc, { on: commentTarget('statement', a), text: 'From Ana' }, pinnedAuthor('Ana', 10_000));
    addComment(other, { on: commentTarget('statement', a), text: 'x'.repeat(MAX_COMMENT_LENGTH + 50) }, pinnedAuthor('Ben', 10_000));
    expect(readComments(doc).map((c) => c.createdBy).sort()).toEqual(['Ana', 'Ben']);
    expect(readComments(doc)).toEqual(readComments(other));
    expect(readComments(doc).find((c) => c.createdBy === 'Ben')!.text).toHaveLength(MAX_COMMENT_LENGTH);
  });

  it('finds @mentions of people present, the longest name first, ignoring case', () => {
    const names = ['Ana', 'Ana Maria', 'Ben'];
    expect(mentionedNames('@ana maria, what do you think? cc @BEN', names).sort()).toEqual(['Ana Maria', 'Ben']);
    expect(mentionedNames('Ask @Ana and @Ana Maria', names).sort()).toEqual(['Ana', 'Ana Maria']);
    expect(mentionedNames('@Benedict, email ana@example.org', names)).toEqual([]);
  });
});

describe('marks on links', () => {
  it('keeps one mark per person, changed or withdrawn, and counts them', () => {
    const { doc, link } = twoStatementsLinked();
    const other = twoPeers(doc);
    setMark(doc, link, 'Ana', 'agree');
    setMark(other, link, 'Ben', 'disagree');
    setMark(other, link, 'Cat', 'unsure');
    expect(countMarks(readMarks(doc, link))).toEqual({ agree: 1, disagree: 1, unsure: 1 });
    expect(isContested(readMarks(doc, link))).toBe(true);
    setMark(doc, link, 'Ben', 'agree');
    setMark(doc, link, 'Cat', null);
    expect(readMarks(other, link)).toEqual({ Ana: 'agree', Ben: 'agree' });
    expect(isContested(readMarks(other, link))).toBe(false);
    expect(readAllMarks(other)).toEqual(new Map([[link, { Ana: 'agree', Ben: 'agree' }]]));
  });

  it('keeps both first marks that two people give a new link while apart', () => {
    const { doc, link } = twoStatementsLinked();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    setMark(doc, link, 'Ana', 'agree');
    setMark(other, link, 'Ben', 'disagree');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(readMarks(doc, link)).toEqual({ Ana: 'agree', Ben: 'disagree' });
    expect(readMarks(other, link)).toEqual(readMarks(doc, link));
  });

  it('ignores values that are not marks, and refuses a mark on a missing link', () => {
    const { doc, link } = twoStatementsLinked();
    setMark(doc, link, 'Ana', 'agree');
    const marks = (doc.getMap('links').get(link) as Y.Map<unknown>).get('marks') as Y.Map<unknown>;
    marks.set('Eve', 'strongly agree');
    expect(readMarks(doc, link)).toEqual({ Ana: 'agree' });
    expect(setMark(doc, 'no-such-link', 'Ana', 'agree')).toBe(false);
  });
});

describe('comments and marks in the export document', () => {
  it('carry through a JSON file and back, field by field', () => {
    const { doc, a, link } = twoStatementsLinked();
    const ana = pinnedAuthor('Ana', 20_000);
    const root = addComment(doc, { on: commentTarget('link', link), text: 'I doubt this <b>link</b>' }, ana);
    const reply = addComment(doc, { on: commentTarget('link', link), text: 'Me too', replyTo: root }, pinnedAuthor('Ben', 21_000));
    const edited = addComment(doc, { on: commentTarget('statement', a), text: 'Edited later' }, ana);
    expect(editComment(doc, edited, 'Edited now', ana)).toBe(true);
    resolveThread(doc, root, true, ana);
    deleteComment(doc, reply, pinnedAuthor('Ben', 22_000));
    setMark(doc, link, 'Ana', 'disagree');
    setMark(doc, link, 'Ben', 'unsure');

    const exported = toExportDocument(doc);
    expect(exported.links[0]!.marks).toEqual({ Ana: 'disagree', Ben: 'unsure' });
    expect(exported.comments).toHaveLength(3);
    expect(exported.comments[0]).toEqual({
      id: root,
      on: `link:${link}`,
      text: 'I doubt this <b>link</b>',
      createdAt: 20_000,
      createdBy: 'Ana',
      replyTo: null,
      editedAt: null,
      resolvedAt: 20_003,
      resolvedBy: 'Ana',
      deletedAt: null,
      deletedBy: null,
    });
    const again = toExportDocument(importFile(JSON.parse(JSON.stringify(exported)) as Record<string, unknown>));
    expect(again.comments).toEqual(exported.comments);
    expect(again.links.map((l) => l.marks)).toEqual(exported.links.map((l) => l.marks));
  });

  it('says what is wrong with a bad comment or mark in a file', () => {
    const { doc, link } = twoStatementsLinked();
    addComment(doc, { on: commentTarget('link', link), text: 'Fine' }, pinnedAuthor('Ana', 1));
    const exported = toExportDocument(doc);
    const bad = parseExportDocument({
      ...exported,
      comments: [{ ...exported.comments[0], on: 'cupboard:3' }],
      links: [{ ...exported.links[0], marks: { Ana: 'maybe' } }],
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.join('\n')).toMatch(/comment|on/i);
    expect(bad.errors.join('\n')).toMatch(/marks/);
    // An older file without comments or marks still imports.
    const { comments: _comments, ...older } = exported;
    expect(parseExportDocument({ ...older, links: exported.links.map(({ marks: _marks, ...l }) => l) }).ok).toBe(true);
  });
});
