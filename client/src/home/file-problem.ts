// Why a picked file is not a map file, said before it goes to the server. Browsers word JSON
// errors differently ("at position 42", "(line 3 column 5)", "at line 3 column 5 of the JSON
// data"), so only the line is taken from them, and only when they give one.

const NOT_A_MAP = 'This file is not a map file:';

function lineAt(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

/** The line the browser's JSON reader stopped at, when its message says so. */
function failedLine(text: string, reason: string): number | undefined {
  const line = /\bline (\d+)/i.exec(reason);
  if (line) return Number(line[1]);
  const position = /\bposition (\d+)/i.exec(reason);
  return position ? lineAt(text, Number(position[1])) : undefined;
}

/**
 * Says in words why a file's text is not JSON.
 * @example notJsonMessage('{\n "a": [1,\n 2', error) // '… it is not JSON (it ends too soon, at line 3: it may be cut off).'
 */
export function notJsonMessage(text: string, error: unknown): string {
  const content = text.trimEnd();
  if (content.trim() === '') return `${NOT_A_MAP} it is empty.`;
  const reason = error instanceof Error ? error.message : String(error);
  const position = /\bposition (\d+)/i.exec(reason);
  const endsTooSoon =
    /end of (json )?(input|data)|unexpected eof/i.test(reason) || (position !== null && Number(position[1]) >= content.length);
  if (endsTooSoon) return `${NOT_A_MAP} it is not JSON (it ends too soon, at line ${lineAt(content, content.length)}: it may be cut off).`;
  const line = failedLine(text, reason);
  if (line === undefined) return `${NOT_A_MAP} it is not JSON.`;
  return `${NOT_A_MAP} it is not JSON (something is wrong at or just before line ${line}).`;
}

/** Said of a JSON file that is not a causal map export (a settings file, another app's data). */
export const NOT_A_MAP_EXPORT = `${NOT_A_MAP} it is JSON, but not a causal map (it has no "format": "causal-map").`;

/** Said of files picked together that are neither one map file nor one or two CSV tables. */
export const WRONG_FILES =
  'Choose one map file (.json), or one or two CSV tables (.csv): the statements, and the links if you have them.';

/**
 * What is wrong with CSV tables chosen together, from how many there are and how many are links
 * tables (a header with "from" and "to"); null when they can be read as statements and links.
 */
export function csvTablesProblem(tables: number, linksTables: number): string | null {
  if (tables > 2) return WRONG_FILES;
  if (tables === 1 && linksTables === 1) {
    return 'This is a links table (it has "from" and "to" columns): choose it together with its statements table, the one with a "text" column.';
  }
  if (tables === 2 && linksTables === 2) {
    return 'Both tables are links tables (they have "from" and "to" columns): choose the statements table, the one with a "text" column, with one links table.';
  }
  if (tables === 2 && linksTables === 0) {
    return 'Neither table is a links table: of two tables, one must be the statements (with a "text" column) and the other the links (with "from" and "to" columns).';
  }
  return null;
}
