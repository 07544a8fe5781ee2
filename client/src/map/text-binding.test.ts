import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bindTextarea, diffText, transformIndex } from './text-binding';

/** What bindTextarea uses of a textarea: its value, caret, focus and input events. */
class FakeTextarea {
  value = '';
  selectionStart = 0;
  selectionEnd = 0;
  selectionDirection: 'forward' | 'backward' | 'none' = 'none';
  focused = false;
  private readonly listeners = new Set<() => void>();
  readonly ownerDocument: { readonly activeElement: unknown };

  constructor() {
    const box = { activeElement: null as unknown };
    Object.defineProperty(box, 'activeElement', { get: () => (this.focused ? this : null) });
    this.ownerDocument = box;
  }
  addEventListener(_type: 'input', listener: () => void) {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'input', listener: () => void) {
    this.listeners.delete(listener);
  }
  setSelectionRange(start: number, end: number) {
    this.selectionStart = start;
    this.selectionEnd = end;
  }
  /** The person types: the browser changes the value and the caret, then fires `input`. */
  type(at: number, text: string, remove = 0) {
    this.value = this.value.slice(0, at) + text + this.value.slice(at + remove);
    this.setSelectionRange(at + text.length, at + text.length);
    for (const listener of this.listeners) listener();
  }
}

const bind = (textarea: FakeTextarea, text: Y.Text, origin: object) => bindTextarea(textarea as unknown as HTMLTextAreaElement, text, origin);

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('the smallest edit between two texts', () => {
  it('never splits an emoji’s surrogate pair', () => {
    // 😀 and 😃 share their first code unit: the edit must replace both units.
    expect(diffText('Mood 😀 today', 'Mood 😃 today')).toEqual({ index: 5, removed: 2, inserted: '😃' });
    expect(diffText('Pain', 'Pain 👍')).toEqual({ index: 4, removed: 0, inserted: ' 👍' });
    expect(diffText('a👍👍b', 'a👍b')).toEqual({ index: 3, removed: 2, inserted: '' });
  });

  it('moves a caret past text inserted before it, and back over text deleted before it', () => {
    expect(transformIndex(4, [{ insert: 'Mrs A: ' }])).toBe(11);
    // Someone else's text exactly at the caret goes after it: this person keeps typing where they were.
    expect(transformIndex(4, [{ retain: 4 }, { insert: '!' }])).toBe(4);
    expect(transformIndex(4, [{ retain: 5 }, { insert: '!' }])).toBe(4);
    expect(transformIndex(6, [{ retain: 2 }, { delete: 3 }])).toBe(3);
  });
});

describe('two people typing in one statement', () => {
  it('merges both, and keeps each caret with the text around it', () => {
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    ana.getText('t').insert(0, 'Poor sleep');
    sync(ana, ben);
    const [anaBox, benBox] = [new FakeTextarea(), new FakeTextarea()];
    const unbindAna = bind(anaBox, ana.getText('t'), { who: 'ana' });
    const unbindBen = bind(benBox, ben.getText('t'), { who: 'ben' });
    expect(benBox.value).toBe('Poor sleep');

    // At the same moment: Ana adds to the end, Ben to the start, with an emoji.
    anaBox.focused = true;
    anaBox.type(10, ' at night');
    benBox.focused = true;
    benBox.type(0, '😴 ');
    sync(ana, ben);
    expect(anaBox.value).toBe('😴 Poor sleep at night');
    expect(benBox.value).toBe('😴 Poor sleep at night');
    expect(ana.getText('t').toString()).toBe('😴 Poor sleep at night');
    // Ana's caret stayed after "night"; Ben's after his emoji and space.
    expect(anaBox.selectionStart).toBe('😴 Poor sleep at night'.length);
    expect(benBox.selectionStart).toBe('😴 '.length);

    // Deleting across the emoji sends whole characters.
    benBox.type(0, '', 3);
    sync(ana, ben);
    expect(anaBox.value).toBe('Poor sleep at night');
    unbindAna();
    unbindBen();
    ben.getText('t').insert(0, 'x');
    expect(benBox.value).toBe('Poor sleep at night');
  });
});
