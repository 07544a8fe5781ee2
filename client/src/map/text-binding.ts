import type * as Y from 'yjs';

/** One edit that turns `before` into `after`: delete `removed` characters at `index`, insert `inserted`. */
export interface TextEdit {
  index: number;
  removed: number;
  inserted: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single edit between two strings (common prefix and suffix), never splitting an
 * emoji's surrogate pair.
 * @example diffText('Pain', 'Pain at night') // { index: 4, removed: 0, inserted: ' at night' }
 */
export function diffText(before: string, after: string): TextEdit {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (
    suffix < limit - prefix &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--;
  return {
    index: prefix,
    removed: before.length - prefix - suffix,
    inserted: after.slice(prefix, after.length - suffix),
  };
}

type Delta = Y.YTextEvent['delta'];

/**
 * Where a caret ends up after someone else's edit. Text inserted exactly at the caret goes
 * after it, so the person keeps typing where they were.
 */
export function transformIndex(index: number, delta: Delta): number {
  let position = 0;
  let result = index;
  for (const op of delta) {
    if (position >= result) break;
    if (op.retain !== undefined) position += op.retain;
    else if (op.insert !== undefined) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1;
      result += length;
      position += length;
    } else if (op.delete !== undefined) {
      result -= Math.min(op.delete, result - position);
    }
  }
  return result;
}

/**
 * Binds a textarea to a statement's Y.Text so two people can type in it at once: local input
 * becomes the smallest delete/insert with `origin`; others' edits update the textarea and move
 * the caret with the text around it. Returns the unbind function.
 */
export function bindTextarea(textarea: HTMLTextAreaElement, text: Y.Text, origin: object): () => void {
  let known = text.toString();
  textarea.value = known;

  const onInput = () => {
    const value = textarea.value;
    if (value === known) return;
    const edit = diffText(known, value);
    known = value;
    const apply = () => {
      if (edit.removed > 0) text.delete(edit.index, edit.removed);
      if (edit.inserted) text.insert(edit.index, edit.inserted);
    };
    if (text.doc) text.doc.transact(apply, origin);
    else apply();
  };

  const onChange = (event: Y.YTextEvent) => {
    const value = text.toString();
    if (event.transaction.origin === origin && value === textarea.value) {
      known = value;
      return;
    }
    const focused = textarea.ownerDocument.activeElement === textarea;
    const start = transformIndex(textarea.selectionStart, event.delta);
    const end = transformIndex(textarea.selectionEnd, event.delta);
    const direction = textarea.selectionDirection;
    known = value;
    textarea.value = value;
    if (focused) textarea.setSelectionRange(start, end, direction);
  };

  textarea.addEventListener('input', onInput);
  text.observe(onChange);
  return () => {
    textarea.removeEventListener('input', onInput);
    text.unobserve(onChange);
  };
}
