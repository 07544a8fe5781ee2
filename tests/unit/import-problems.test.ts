import {
  describeIssue,
  duplicateId,
  importMessage,
  missingEnd,
  notAMapObject,
  readImportMessage,
} from '@causal-map/shared/import-problems';
import { describe, expect, it } from 'vitest';

// A file with one statement and one link whose fields the tests below complain about.
const file = {
  format: 'kumu',
  version: 2,
  title: 42,
  statements: [{ id: 'a', text: 'Mrs A is anxious', valence: 'terrible', x: '12', y: null, number: 0, createdAt: -1 }],
  links: [{ id: 'l1', from: 'a', to: 'b', polarity: '−', deletedAt: 'yesterday' }],
};

describe('saying a schema problem in words', () => {
  it('names the row from 1 and lists the valences with their meaning', () => {
    const issue = { code: 'invalid_value', path: ['statements', 0, 'valence'], values: ['negative', 'neutral', 'positive'] };
    expect(describeIssue(issue, file)).toBe(
      'Statement 1: valence must be "negative" (bad), "neutral" or "positive" (good), not "terrible"',
    );
  });

  it('says a missing field is missing, without quoting a value', () => {
    expect(describeIssue({ code: 'invalid_type', path: ['statements', 2, 'text'], expected: 'string' }, file)).toBe(
      'Statement 3 has no text',
    );
    expect(describeIssue({ code: 'invalid_type', path: ['links', 0, 'createdAt'], expected: 'number' }, file)).toBe(
      'Link 1 has no createdAt (when it was made)',
    );
  });

  it('says what type a field must hold and what the file holds instead', () => {
    expect(describeIssue({ code: 'invalid_type', path: ['statements', 0, 'x'], expected: 'number' }, file)).toBe(
      'Statement 1: x must be a number, not "12"',
    );
    expect(describeIssue({ code: 'invalid_type', path: ['statements', 0, 'y'], expected: 'number' }, file)).toBe(
      'Statement 1: y must be a number, not empty (null)',
    );
    expect(describeIssue({ code: 'invalid_type', path: ['links', 0, 'deletedAt'], expected: 'number' }, file)).toBe(
      'Link 1: deletedAt (when it was deleted) must be a number or null, not "yesterday"',
    );
    expect(describeIssue({ code: 'invalid_type', path: ['title'], expected: 'string' }, file)).toBe(
      '"title" must be text, not 42',
    );
  });

  it('says a row that is not a group of fields is not one', () => {
    const rows = { statements: ['just text'] };
    expect(describeIssue({ code: 'invalid_type', path: ['statements', 0], expected: 'object' }, rows)).toBe(
      'Statement 1 must be a group of fields ({ … }), not "just text"',
    );
  });

  it('points out a look-alike dash in a polarity', () => {
    const issue = { code: 'invalid_value', path: ['links', 0, 'polarity'], values: ['+', '-'] };
    expect(describeIssue(issue, file)).toBe(
      'Link 1: polarity must be "+" (more leads to more) or "-" (more leads to less), not "−", a look-alike dash: type the plain - key',
    );
  });

  it('says the format and version problems the way a person would look for them', () => {
    expect(describeIssue({ code: 'invalid_value', path: ['format'], values: ['causal-map'] }, file)).toBe(
      '"format" must be "causal-map": this is not a causal map file',
    );
    expect(describeIssue({ code: 'invalid_value', path: ['version'], values: [1] }, file)).toBe(
      '"version" must be 1, the only version this app reads, not 2',
    );
    expect(describeIssue({ code: 'invalid_value', path: ['version'], values: [1] }, {})).toBe(
      'The file has no "version": it must be 1, the only version this app reads',
    );
  });

  it('says limits with their numbers written out', () => {
    expect(describeIssue({ code: 'too_small', path: ['statements', 0, 'createdAt'], origin: 'number', minimum: 0, inclusive: true }, file)).toBe(
      'Statement 1: createdAt (when it was made) must be 0 or more, not -1',
    );
    expect(describeIssue({ code: 'too_small', path: ['statements', 0, 'number'], origin: 'number', minimum: 0, inclusive: false }, file)).toBe(
      'Statement 1: number must be more than 0, not 0',
    );
    expect(describeIssue({ code: 'too_small', path: ['links', 0, 'from'], origin: 'string', minimum: 1 }, { links: [{ from: '' }] })).toBe(
      'Link 1 has an empty "from"',
    );
    expect(describeIssue({ code: 'too_big', path: ['statements', 0, 'text'], origin: 'string', maximum: 10_000 }, file)).toBe(
      'Statement 1: text is longer than 10,000 characters',
    );
    expect(describeIssue({ code: 'too_big', path: ['statements'], origin: 'array', maximum: 20_000 }, file)).toBe(
      'The file has more than 20,000 statements; this app reads at most 20,000',
    );
  });

  it('keeps a long or multi-line value short and on one line', () => {
    const long = { statements: [{ x: `first line\n${'x'.repeat(100)}` }] };
    const words = describeIssue({ code: 'invalid_type', path: ['statements', 0, 'x'], expected: 'number' }, long);
    expect(words).toBe(`Statement 1: x must be a number, not "first line\\n${'x'.repeat(28)}…"`);
    expect(words).not.toContain('\n');
  });

  it('still says something readable for a problem it has no words for', () => {
    expect(describeIssue({ code: 'custom', path: ['statements', 0, 'x'] }, file)).toBe(
      'Statement 1: x cannot be read: it holds "12"',
    );
  });

  it('says what a file that is not one group of fields holds instead', () => {
    expect(notAMapObject([1, 2])).toBe(
      'The file must hold one group of fields ({ … }) with "format": "causal-map", not a list ([ … ])',
    );
  });
});

describe('problems between rows', () => {
  it('names both rows of an id used twice', () => {
    expect(duplicateId('statement', 1, 0, 'a')).toBe('Statement 2 uses the id "a" again (statement 1 has it)');
    expect(duplicateId('link', 7, 2, 'l3')).toBe('Link 8 uses the id "l3" again (link 3 has it)');
  });

  it('names the end of a link that points at no statement', () => {
    expect(missingEnd(1, 'from', 'nope')).toBe('Link 2: "from" names no statement in the file (it says "nope")');
  });
});

describe('the message of a refused file', () => {
  it('is a lead sentence and the first three problems, one a line, then how many more', () => {
    const problems = ['Statement 1 has no text', 'Statement 2 has no x', 'Link 1 has no polarity', 'Link 2 has no "to"'];
    expect(importMessage(problems, 25)).toBe(
      'This file cannot be imported as a map:\nStatement 1 has no text\nStatement 2 has no x\nLink 1 has no polarity\n…and 22 more problems.',
    );
    expect(importMessage(problems.slice(0, 1))).toBe('This file cannot be imported as a map:\nStatement 1 has no text');
  });

  it('reads back into its lead and its problems', () => {
    const problems = ['Statement 1 has no text', 'Link 1: "to" names no statement in the file (it says "b\\nc")'];
    expect(readImportMessage(importMessage(problems))).toEqual({
      lead: 'This file cannot be imported as a map:',
      problems,
    });
  });

  it('reads any other message as a lead without problems', () => {
    expect(readImportMessage('Could not reach the server.')).toEqual({ lead: 'Could not reach the server.', problems: [] });
  });
});
