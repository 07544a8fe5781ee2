import { describe, expect, it } from 'vitest';
import { VALENCE_DISPLAY } from '../map/valence';
import { shortcutTables } from './help-shortcuts';

/** Every key combination a table lists, written like "Shift+F10". */
function listedKeys(editable: boolean): string[] {
  return shortcutTables(editable).flatMap((table) =>
    table.rows.flatMap((row) => row.keys.map((combination) => combination.join('+'))),
  );
}

describe('the help sheet’s shortcut tables', () => {
  it('list every key the map answers to', () => {
    const keys = listedKeys(true);
    for (const key of ['N', 'Enter', 'Shift+Enter', 'Esc', 'Delete', 'Backspace', 'L', 'P', '1', '2', '3']) {
      expect(keys).toContain(key);
    }
    for (const key of ['Ctrl+Z', '⌘+Z', 'Ctrl+Shift+Z', 'Ctrl+Y', 'Menu key', 'Shift+F10', 'Arrow keys']) {
      expect(keys).toContain(key);
    }
    for (const key of ['O', '[', ']', '/', 'G', 'Tab', 'Shift+Tab', '?']) {
      expect(keys).toContain(key);
    }
  });

  it('mark statements with the keys and words the toolbar uses', () => {
    const rows = shortcutTables(true).flatMap((table) => table.rows.filter((row) => row.valence));
    expect(rows.map((row) => [row.keys[0]?.[0], row.valence])).toEqual([
      [VALENCE_DISPLAY.negative.key, 'negative'],
      [VALENCE_DISPLAY.neutral.key, 'neutral'],
      [VALENCE_DISPLAY.positive.key, 'positive'],
    ]);
  });

  it('leave the editing keys out of a view-only map, but keep the reading ones', () => {
    const tables = shortcutTables(false);
    expect(tables.map((table) => table.caption)).toEqual(['Reading and moving around']);
    const keys = listedKeys(false);
    expect(keys).toEqual(expect.arrayContaining(['O', '[', ']', '/', 'Esc', '?']));
    for (const key of ['N', 'L', 'P', 'Delete', '1', 'Ctrl+Z']) expect(keys).not.toContain(key);
  });
});
