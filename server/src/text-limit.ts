import * as Y from 'yjs';

/**
 * Where an update writes a plain value longer than `maxText` (a string such as a title or a
 * loop note, or an object's JSON); null if it does not. Statement texts are `Y.Text` and are
 * cut instead (trimLongTexts), since people type them a character at a time. Keys are not
 * checked: a loop note's key grows with its loop. Throws if the update cannot be decoded.
 */
export function longValueIn(update: Uint8Array, maxText: number): string | null {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content;
    const values: unknown[] =
      content instanceof Y.ContentAny || content instanceof Y.ContentJSON ? content.arr
      : content instanceof Y.ContentEmbed ? [content.embed]
      : content instanceof Y.ContentFormat ? [content.value]
      : [];
    for (const value of values) {
      if (typeof value === 'string' ? value.length > maxText : jsonLength(value) > maxText) {
        return `the value of ${struct.parentSub ?? 'an entry'}`;
      }
    }
  }
  return null;
}

function jsonLength(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  return JSON.stringify(value).length;
}

/**
 * Cuts every text that `transaction` wrote to and that is now longer than `maxText` back to
 * `maxText`, inside the same transaction: the update that leaves the room holds the cut text
 * only (Yjs garbage-collects the deleted part before it encodes the update), so an over-long
 * text is never stored or relayed. The sender gets the cut back and converges like everyone
 * else; refusing instead would make a stock client resend the text on every reconnect.
 */
export function trimLongTexts(doc: Y.Doc, transaction: Y.Transaction, maxText: number): void {
  const written = new Set<Y.Text>();
  for (const [client, structs] of doc.store.clients) {
    const before = transaction.beforeState.get(client) ?? 0;
    const last = structs.at(-1);
    if (!last || last.id.clock + last.length <= before) continue;
    // A client's structs are contiguous from clock 0, so `before` is in there.
    for (let index = Y.findIndexSS(structs, before); index < structs.length; index += 1) {
      const struct = structs[index];
      if (struct instanceof Y.Item && !struct.deleted && struct.parent instanceof Y.Text) written.add(struct.parent);
    }
  }
  for (const text of written) {
    if (text.length <= maxText) continue;
    // Never split a surrogate pair: that would leave half a character.
    const kept = isHighSurrogate(text.toString().charCodeAt(maxText - 1)) ? maxText - 1 : maxText;
    text.delete(kept, text.length - kept);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
