// What is wrong with an imported map file, said for the person who picked the file (a nurse, a
// GP), not for the programmer who wrote the checker: rows are counted from 1 as "Statement 3",
// and each sentence says what the field must hold and what the file has instead.

/** One problem a schema checker (zod) found; zod's issues fit this shape as they are. */
export interface SchemaIssue {
  code: string;
  path: readonly PropertyKey[];
  expected?: unknown;
  values?: readonly unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
}

/** What one row of a file is called: `statements` rows are statements, `links` rows links. */
export type RowKind = 'statement' | 'link';

const ROW_NAMES: Record<string, string> = { statements: 'Statement', links: 'Link' };

// Field names stay as in the file so the person can find them; the odd ones get a hint.
const FIELD_LABELS: Record<string, string> = {
  from: '"from"',
  to: '"to"',
  createdAt: 'createdAt (when it was made)',
  createdBy: 'createdBy (who made it)',
  deletedAt: 'deletedAt (when it was deleted)',
  deletedBy: 'deletedBy (who deleted it)',
};

const MAY_BE_NULL = new Set(['deletedAt', 'deletedBy']);

const TYPE_NOUNS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list ([ … ])',
  object: 'a group of fields ({ … })',
};

// What each allowed value means, so "must be one of" also says which one to pick.
const VALUE_HINTS: Record<string, string> = {
  negative: 'bad',
  positive: 'good',
  '+': 'more leads to more',
  '-': 'more leads to less',
};

// Dashes that look like "-" but are not: word processors turn "-" into these.
const LOOK_ALIKE_MINUS = /^[\u2010-\u2015\u2212\uFE63\uFF0D]$/;

const count = (n: number | bigint) => n.toLocaleString('en-US');

/** A file's value as the person would recognise it: `"terrible"`, `42`, `a list ([ … ])`. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list ([ … ])';
  if (typeof value === 'object') return 'a group of fields ({ … })';
  return String(value);
}

/** `"a", "b" or "c"`, each with its meaning when it has one. */
function choices(values: readonly unknown[]): string {
  const words = values.map((v) => {
    const hint = typeof v === 'string' ? VALUE_HINTS[v] : undefined;
    return hint ? `${JSON.stringify(v)} (${hint})` : JSON.stringify(v);
  });
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? '');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

interface Place {
  /** Whose problem it is: "Statement 3", "Link 2" or "The file". */
  owner: string;
  /** The field as the file names it ("x", "createdAt"); empty for a whole row. */
  field: string;
  /** The field in a sentence: "x", `"from"`, `"title"`. */
  name: string;
  /** What the sentence is about: "Statement 3: x", "Statement 3", `"title"`. */
  subject: string;
}

function placeOf(path: readonly PropertyKey[]): Place {
  const [list, index, key] = path;
  const row = typeof list === 'string' ? ROW_NAMES[list] : undefined;
  if (row && typeof index === 'number') {
    const owner = `${row} ${index + 1}`;
    if (key === undefined) return { owner, field: '', name: '', subject: owner };
    const field = String(key);
    const name = FIELD_LABELS[field] ?? field;
    return { owner, field, name, subject: `${owner}: ${name}` };
  }
  const field = path.map(String).join('.');
  return { owner: 'The file', field, name: `"${field}"`, subject: `"${field}"` };
}

const minimumWords = (issue: SchemaIssue) =>
  issue.inclusive === false ? `more than ${count(issue.minimum ?? 0)}` : `${count(issue.minimum ?? 0)} or more`;

/**
 * Says one schema problem in words; `input` is the whole file, to quote what it holds.
 * @example describeIssue({ code: 'invalid_value', path: ['statements', 0, 'valence'], values: ['negative', 'neutral', 'positive'] }, file)
 * // 'Statement 1: valence must be "negative" (bad), "neutral" or "positive" (good), not "terrible"'
 */
export function describeIssue(issue: SchemaIssue, input: unknown): string {
  if (issue.path.length === 0) return notAMapObject(input);
  const value = valueAt(input, issue.path);
  const { owner, field, name, subject } = placeOf(issue.path);
  const not = value === undefined ? '' : `, not ${shown(value)}`;
  if (subject === '"format"') return '"format" must be "causal-map": this is not a causal map file';
  if (subject === '"version"') {
    return value === undefined
      ? 'The file has no "version": it must be 1, the only version this app reads'
      : `"version" must be 1, the only version this app reads${not}`;
  }
  if (value === undefined && field !== '') return `${owner} has no ${name}`;
  switch (issue.code) {
    case 'invalid_type': {
      const noun = TYPE_NOUNS[String(issue.expected)] ?? String(issue.expected);
      return `${subject} must be ${noun}${MAY_BE_NULL.has(field) ? ' or null' : ''}${not}`;
    }
    case 'invalid_value': {
      const lookAlike = typeof value === 'string' && LOOK_ALIKE_MINUS.test(value) && issue.values?.includes('-');
      return `${subject} must be ${choices(issue.values ?? [])}${not}${lookAlike ? ', a look-alike dash: type the plain - key' : ''}`;
    }
    case 'too_small':
      return issue.origin === 'string' ? `${owner} has an empty ${name}` : `${subject} must be ${minimumWords(issue)}${not}`;
    case 'too_big': {
      const maximum = count(issue.maximum ?? 0);
      if (issue.origin === 'array') return `The file has more than ${maximum} ${field}; this app reads at most ${maximum}`;
      if (issue.origin === 'string') return `${subject} is longer than ${maximum} characters`;
      return `${subject} must be ${maximum} or less${not}`;
    }
    default:
      return `${subject} cannot be read${not && `: it holds ${shown(value)}`}`;
  }
}

/** The problem with a file that is not one `{ … }` at all (a list, a number, some text). */
export function notAMapObject(input: unknown): string {
  return `The file must hold one group of fields ({ … }) with "format": "causal-map", not ${shown(input)}`;
}

/** @example duplicateId('statement', 1, 0, 'a') // 'Statement 2 uses the id "a" again (statement 1 has it)' */
export function duplicateId(kind: RowKind, index: number, firstIndex: number, id: string): string {
  const row = kind === 'statement' ? 'Statement' : 'Link';
  return `${row} ${index + 1} uses the id ${shown(id)} again (${kind} ${firstIndex + 1} has it)`;
}

/** @example missingEnd(1, 'from', 'nope') // 'Link 2: "from" names no statement in the file (it says "nope")' */
export function missingEnd(linkIndex: number, end: 'from' | 'to', id: string): string {
  return `Link ${linkIndex + 1}: "${end}" names no statement in the file (it says ${shown(id)})`;
}

const LEAD = 'This file cannot be imported as a map:';

/**
 * The one message for a refused file: a lead sentence, then the first three problems, one a
 * line (quoted values are JSON strings, so no problem holds a line break of its own).
 * @example importMessage(['Statement 1 has no text']) // 'This file cannot be imported as a map:\nStatement 1 has no text'
 */
export function importMessage(problems: readonly string[], total = problems.length): string {
  const shownProblems = problems.slice(0, 3);
  const more = total - shownProblems.length;
  const rest = more === 1 ? '…and 1 more problem.' : `…and ${count(more)} more problems.`;
  return [LEAD, ...shownProblems, ...(more > 0 ? [rest] : [])].join('\n');
}

/** Splits a message into its lead and its problems: the inverse of `importMessage`. */
export function readImportMessage(message: string): { lead: string; problems: string[] } {
  const [lead = '', ...problems] = message.split('\n').filter((line) => line.trim() !== '');
  return { lead, problems };
}
