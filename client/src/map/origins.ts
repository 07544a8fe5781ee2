import type * as Y from 'yjs';

/** Where a document change came from, as the binding sees it. */
export type ChangeOrigin = 'local' | 'remote' | 'replay';

/**
 * The transaction origin of this person's own edits. It is one object, so the undo manager can
 * track exactly these (`trackedOrigins`) and bindings can skip their own echo.
 */
export const LOCAL: { readonly origin: 'local' } = Object.freeze({ origin: 'local' });

/** The origin of changes written while replaying history; never undoable. */
export const REPLAY: { readonly origin: 'replay' } = Object.freeze({ origin: 'replay' });

/** Undo and redo are this person's edits too: the undo manager is their transaction origin. */
export function changeOrigin(origin: unknown, undoManager?: Y.UndoManager): ChangeOrigin {
  if (origin === LOCAL || (undoManager !== undefined && origin === undoManager)) return 'local';
  if (origin === REPLAY) return 'replay';
  return 'remote';
}
