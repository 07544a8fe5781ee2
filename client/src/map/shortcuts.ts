import { useEffect } from 'react';
import type { Valence } from '@causal-map/shared/schema';
import type { MapSession } from './map-session';
import { EMPTY_SELECTION } from './map-state';

export interface ShortcutCommands {
  addStatement: () => void;
  openLinkDialog: () => void;
  /** Opens a statement's menu beside it (the menu key, or Shift+F10). */
  openStatementMenu: (id: string) => void;
  /** Deletes the selection, asking first if that breaks a loop the team marked. */
  deleteSelection: () => void;
}

const VALENCE_KEYS: Record<string, Valence> = { '1': 'negative', '2': 'neutral', '3': 'positive' };

/** Typing in a field, or working in a dialog, is never a map shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('input, textarea, select, dialog')) return true;
  return false;
}


/**
 * Single-key shortcuts act only on the canvas (or with nothing focused at all), never while a
 * text field, dialog, panel or header control has focus: letters typed there are not commands.
 */
export function isMapKeyTarget(target: EventTarget | null): boolean {
  if (isTyping(target)) return false;
  if (!(target instanceof Element)) return true;
  if (target === target.ownerDocument.body || target === target.ownerDocument.documentElement) return true;
  // The canvas and its toolbar carry data-shortcut-scope="map".
  return target.closest('[data-shortcut-scope="map"]') !== null;
}

/** Keys that Enter and Space already mean something on (buttons, links). */
function isControl(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('button, a[href]') !== null;
}

/**
 * The map's keyboard shortcuts: N add, Enter edit, Delete/Backspace delete, L link, P switch
 * polarity, 1/2/3 valence, Esc clear selection, Ctrl/Cmd+Z undo, Shift+Ctrl/Cmd+Z or Ctrl+Y
 * redo, the menu key or Shift+F10 a statement's menu. They do nothing in a view-only map.
 */
export function useMapShortcuts(session: MapSession, commands: ShortcutCommands, active = true): void {
  useEffect(() => {
    // Not while a replay is on screen: its keys must never change the live map.
    if (session.role !== 'edit' || !active) return undefined;
    const { actions, store } = session;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || isTyping(event.target)) return;
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const handled = () => event.preventDefault();
      if (command && !event.altKey) {
        if (key === 'z') {
          handled();
          if (event.shiftKey) actions.redo();
          else actions.undo();
        } else if (key === 'y') {
          handled();
          actions.redo();
        }
        return;
      }
      if (event.altKey || event.ctrlKey || event.metaKey || !isMapKeyTarget(event.target)) return;
      const { selection } = store.getState();
      const single = selection.statementIds.length === 1 ? selection.statementIds[0] : undefined;
      const valence = VALENCE_KEYS[event.key];
      if (key === 'n') {
        handled();
        commands.addStatement();
      } else if (event.key === 'Enter' && single && !isControl(event.target)) {
        handled();
        actions.startEditing(single);
      } else if (event.key === 'Delete' || event.key === 'Backspace') {
        handled();
        commands.deleteSelection();
      } else if (key === 'l' && single) {
        handled();
        commands.openLinkDialog();
      } else if (key === 'p' && selection.linkIds.length > 0) {
        handled();
        actions.togglePolarity();
      } else if (valence && selection.statementIds.length > 0) {
        handled();
        actions.setValence(valence);
      } else if ((event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) && single) {
        handled();
        commands.openStatementMenu(single);
      } else if (event.key === 'Escape') {
        actions.setSelection(EMPTY_SELECTION);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [session, commands, active]);
}

/** `?` opens the help sheet, for viewers as well as editors. */
export function useHelpKey(openHelp: () => void): void {
  useKeys(HELP_KEYS, openHelp);
}

/** `I` shows who made the selected statement or link and who changed it, for everyone. */
export function useDetailsKey(openDetails: () => void): void {
  useKeys(DETAILS_KEYS, openDetails);
}

const HELP_KEYS: readonly string[] = ['?'];
const DETAILS_KEYS: readonly string[] = ['i', 'I'];

/** A single-key command for everyone, editors and viewers, acting only on the map (isMapKeyTarget). */
function useKeys(keys: readonly string[], run: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!keys.includes(event.key) || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (!isMapKeyTarget(event.target)) return;
      event.preventDefault();
      run();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [keys, run]);
}
