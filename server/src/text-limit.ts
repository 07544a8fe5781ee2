import * as Y from 'yjs';

// A value's JSON is at most this many characters per byte of its Yjs encoding (a Uint8Array's
// bytes are the worst: `"999":255,`), and a string is never longer than its encoding.
const JSON_CHARS_PER_BYTE = 16;

/**
 * True if `update` is too small to carry any value or text longer than `maxText`: then neither
 * check below needs to decode it or look past the types it changed (most updates are a few
 * keystrokes, far below the limit).
 */
export function tooSmallToBeLong(update: Uint8Array, maxText: number): boolean {
  return update.byteLength * JSON_CHARS_PER_BYTE < maxText;
}

/**
 * Where an update writes a plain value longer than `maxText` (a string such as a title or a
 * loop note, or an object's JSON), or a comment longer than `maxComment`; null if it does not. Statement texts are `Y.Text` and are
 * cut instead (trimLongTexts), since people type them a character at a time. Keys are not
 * checked: a loop note's key grows with its loop. Throws if the update cannot be decoded.
 */
export function longValueIn(update: Uint8Array, maxText: number, maxComment = maxText): string | null {
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue;
    const content = struct.content;
    const values: unknown[] =
      content instanceof Y.ContentAny || content instanceof Y.ContentJSON ? content.arr
      : content instanceof Y.ContentEmbed ? [content.embed]
      : content instanceof Y.ContentFormat ? [content.value]
      : [];
    // A plain string under `text` is a comment's (SPEC §7): statements' texts are Y.Text.
    const limit = struct.parentSub === 'text' ? Math.min(maxText, maxComment) : maxText;
    for (const value of values) {
      if (typeof value === 'string' ? value.length > limit : jsonLength(value) > maxText) {
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
export function trimLongTexts(doc: Y.Doc, transaction: Y.Transaction, maxText: number, onlyGrown: boolean): void {
  const written = onlyGrown ? grownTexts(transaction) : textsWrittenTo(doc, transaction);
  for (const text of written) {
    if (text.length <= maxText) continue;
    // Never split a surrogate pair: that would leave half a character.
    const kept = isHighSurrogate(text.toString().charCodeAt(maxText - 1)) ? maxText - 1 : maxText;
    text.delete(kept, text.length - kept);
  }
}

/**
 * The texts that existed before `transaction` and that it changed (Yjs lists those for its
 * observers). Enough when the update was too small to fill a text of its own and brought in no
 * earlier pending structs: then only a text that was already there can have grown past the limit.
 */
function grownTexts(transaction: Y.Transaction): Y.Text[] {
  const texts: Y.Text[] = [];
  for (const type of transaction.changed.keys()) if (type instanceof Y.Text) texts.push(type);
  return texts;
}

/** Every text that `transaction` inserted into: walks the new structs of every client. */
function textsWrittenTo(doc: Y.Doc, transaction: Y.Transaction): Set<Y.Text> {
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
  return written;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
