import { describe, expect, it } from 'vitest';
import { notJsonMessage } from './file-problem';

function messageFor(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return notJsonMessage(text, error);
  }
  throw new Error('expected the text not to be JSON');
}

describe('saying why a file is not JSON', () => {
  it('says an empty file is empty', () => {
    expect(messageFor('  \n')).toBe('This file is not a map file: it is empty.');
  });

  it('says where a file that stops part-way ends', () => {
    expect(messageFor('{\n "a": [1,\n 2\n\n')).toBe(
      'This file is not a map file: it is not JSON (it ends too soon, at line 3: it may be cut off).',
    );
    expect(messageFor('{\n "text": "Mrs A')).toBe(
      'This file is not a map file: it is not JSON (it ends too soon, at line 2: it may be cut off).',
    );
  });

  it('names the line where reading failed, from a position or from the line a browser gives', () => {
    expect(messageFor('{\n  "a": 1\n  "b": 2\n}')).toBe(
      'This file is not a map file: it is not JSON (something is wrong at or just before line 3).',
    );
    const firefox = new SyntaxError('JSON.parse: expected \',\' or \'}\' after property value in object at line 4 column 3 of the JSON data');
    expect(notJsonMessage('{\n\n\n  "b": 2\n}', firefox)).toBe(
      'This file is not a map file: it is not JSON (something is wrong at or just before line 4).',
    );
    const safari = new SyntaxError('JSON Parse error: Unexpected EOF');
    expect(notJsonMessage('{\n"a":', safari)).toBe(
      'This file is not a map file: it is not JSON (it ends too soon, at line 2: it may be cut off).',
    );
  });

  it('adds no line when the browser gives none', () => {
    expect(notJsonMessage('this is not json', new SyntaxError('Unexpected token \'h\', "this is not json" is not valid JSON'))).toBe(
      'This file is not a map file: it is not JSON.',
    );
  });
});
