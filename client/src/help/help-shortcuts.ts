import type { Valence } from '@causal-map/shared/schema';
import { VALENCE_DISPLAY, VALENCE_ORDER } from '../map/valence';

/**
 * One line of the help's shortcut tables. Kept apart from the sheet so the list can be checked
 * against the keys the map really answers to (map/shortcuts.ts, loops/loop-shortcuts.ts,
 * reading/FindStatement.tsx, and React Flow's own arrow keys and Tab order).
 */
export interface ShortcutRow {
  /** Each way to press it: a key, or keys held together, e.g. [['Ctrl', 'Z'], ['⌘', 'Z']]. */
  keys: readonly (readonly string[])[];
  does: string;
  /** Shown with its colour, sign and word, as on the statements. */
  valence?: Valence;
}

/** A table of the help sheet: its caption and its rows. */
export interface ShortcutTable {
  caption: string;
  rows: readonly ShortcutRow[];
}

const READING: readonly ShortcutRow[] = [
  { keys: [['Tab'], ['Shift', 'Tab']], does: 'Move to the next or previous statement, then the links' },
  { keys: [['/'], ['G']], does: 'Go to a statement by its number, or find words' },
  { keys: [['O']], does: 'Show or hide the loops panel' },
  { keys: [['['], [']']], does: 'Previous or next loop' },
  { keys: [['C']], does: 'Discuss the selected statement, link or loop, or see every open thread' },
  { keys: [['Esc']], does: 'Clear the selection and show the whole map again' },
  { keys: [['I']], does: 'Who made the selected statement or link, and who changed it' },
  { keys: [['?']], does: 'Open this help' },
];

const VALENCE_ROWS: readonly ShortcutRow[] = VALENCE_ORDER.map((valence) => ({
  keys: [[VALENCE_DISPLAY[valence].key]],
  does: 'Mark the selected statements',
  valence,
}));

// Everything here changes the map, so it needs the edit link (map/shortcuts.ts ignores these
// keys on a view-only map).
const EDITING: readonly ShortcutRow[] = [
  { keys: [['N']], does: 'Add a statement' },
  { keys: [['Enter']], does: 'Change the text of the selected statement' },
  { keys: [['Enter'], ['Esc']], does: 'While typing: finish' },
  { keys: [['Shift', 'Enter']], does: 'While typing: start a new line' },
  { keys: [['Delete'], ['Backspace']], does: 'Delete what is selected' },
  { keys: [['L']], does: 'Link the selected statement to another one' },
  { keys: [['P']], does: 'Switch the selected link between “may lead to” and “may not lead to”' },
  ...VALENCE_ROWS,
  { keys: [['Ctrl', 'Z'], ['⌘', 'Z']], does: 'Undo your last change' },
  { keys: [['Ctrl', 'Shift', 'Z'], ['⌘', 'Shift', 'Z'], ['Ctrl', 'Y']], does: 'Redo' },
  { keys: [['Menu key'], ['Shift', 'F10']], does: 'Open the selected statement’s menu' },
  { keys: [['Arrow keys']], does: 'Move the selected statement' },
];

/**
 * The tables a person gets: everyone reads and moves around; only the edit link changes the
 * map, so a view-only map leaves that table out (the sheet says why).
 */
export function shortcutTables(editable: boolean): readonly ShortcutTable[] {
  const reading: ShortcutTable = { caption: 'Reading and moving around', rows: READING };
  return editable ? [reading, { caption: 'Changing the map', rows: EDITING }] : [reading];
}
