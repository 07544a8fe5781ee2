import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import type { StoreApi } from 'zustand/vanilla';
import {
  type AddLinkResult,
  LINK_REFUSAL_MESSAGES,
  addLink as addSharedLink,
  deleteLink as deleteSharedLink,
  togglePolarity as toggleSharedPolarity,
} from '@causal-map/shared/link';
import { newId } from '@causal-map/shared/ids';
import type { Polarity, Valence } from '@causal-map/shared/schema';
import {
  addStatement,
  deleteStatement,
  moveStatement as moveSharedStatement,
  moveStatements,
  setPinned as setSharedPinned,
  restoreStatement as restoreSharedStatement,
  setValence as setSharedValence,
  statementText,
} from '@causal-map/shared/statement';
import type { Identity } from '../user/identity';
import { EMPTY_SELECTION, type MapState, type Point, type Role, type Selection, type ToastAction } from './map-state';
import { LOCAL } from './origins';
import { cursorSender } from './presence';

/** What people can do on a map. In a view-only map every change is a no-op. */
export interface MapActions {
  /**
   * Opens a new statement for typing with its top-left corner at `point`: a draft, which
   * becomes a statement (and gets its number) with the first character typed into it.
   */
  addStatementAt: (point: Point) => string | null;
  /** Turns the draft into a statement holding `text`, in the document. */
  commitDraft: (text: string) => void;
  startEditing: (id: string) => void;
  /** Ends typing; a draft that was never given text goes away. */
  stopEditing: () => void;
  /** The collaborative text to bind an editor to. */
  textOf: (id: string) => Y.Text | undefined;
  /** Call when a drag starts, so the whole drag is one undo step of its own. */
  beginMove: () => void;
  moveStatement: (id: string, point: Point) => void;
  /** Moves many statements as one change that one undo puts back (a layout). */
  applyLayout: (positions: ReadonlyMap<string, Point>) => void;
  /** Pins or unpins the selected statements: layouts leave pinned ones where they are. */
  setPinned: (pinned: boolean) => void;
  /** Sets the valence of every selected statement. */
  setValence: (valence: Valence) => void;
  deleteSelected: () => void;
  restoreStatement: (id: string) => void;
  /** Draws a link, or shows why it cannot be drawn when `quiet` is not set. */
  addLink: (from: string, to: string, polarity?: Polarity, quiet?: boolean) => AddLinkResult | null;
  /** Switches every selected link between "may lead to" and "may not lead to". */
  togglePolarity: () => void;
  deleteLink: (id: string) => void;
  undo: () => void;
  redo: () => void;
  setCursor: (cursor: Point | null) => void;
  setSelection: (selection: Selection) => void;
  /** Selects one link alone or, `adding`, adds it to the selection or takes it out. */
  selectLink: (id: string, adding?: boolean) => void;
  setIdentity: (identity: Identity) => void;
  showToast: (message: string, action?: ToastAction) => void;
  dismissToast: () => void;
  dispose: () => void;
}

interface ActionContext {
  role: Role;
  /** This person added a statement: the session follows it until the server has stored it. */
  onStatementAdded: (id: string) => void;
  /** This person deleted these statements and links. */
  onDeleted: (ids: string[]) => void;
  doc: Y.Doc;
  store: StoreApi<MapState>;
  undoManager: Y.UndoManager;
  awareness: Awareness;
  identity: Identity;
}

const TOAST_MS = 4000;
/** A message with something to do about it (Undo) stays long enough to reach the button. */
const ACTION_TOAST_MS = 12_000;

export function createMapActions(context: ActionContext): MapActions {
  const { doc, store, undoManager, awareness } = context;
  const canEdit = context.role === 'edit';
  let identity = context.identity;
  let lastEditedId: string | null = null;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let toastCount = 0;
  const cursor = cursorSender(awareness);
  // An anonymous map records no author (chosen when it was made).
  const author = () => ({ name: store.getState().anonymous ? '' : identity.name });

  /** Every discrete action is its own undo step, not merged with typing just before it. */
  const step = (change: () => void) => {
    if (!canEdit) return;
    undoManager.stopCapturing();
    doc.transact(change, LOCAL);
    undoManager.stopCapturing();
  };

  const setSelection = (selection: Selection) => {
    store.setState({ selection });
    awareness.setLocalStateField('selection', selection.statementIds);
  };

  const selectLink = (id: string, adding = false) => {
    if (!adding) return setSelection({ statementIds: [], linkIds: [id] });
    const { statementIds, linkIds } = store.getState().selection;
    setSelection({ statementIds, linkIds: linkIds.includes(id) ? linkIds.filter((other) => other !== id) : [...linkIds, id] });
  };

  const startEditing = (id: string) => {
    if (!canEdit) return;
    // Typing in another statement starts a new undo step.
    if (lastEditedId !== id) undoManager.stopCapturing();
    lastEditedId = id;
    setSelection({ statementIds: [id], linkIds: [] });
    store.setState({ editingId: id });
  };

  const showToast = (message: string, action?: ToastAction) => {
    if (toastTimer !== undefined) clearTimeout(toastTimer);
    const id = ++toastCount;
    store.setState({ toast: { id, message, action } });
    toastTimer = setTimeout(() => {
      if (store.getState().toast?.id === id) store.setState({ toast: null });
    }, action ? ACTION_TOAST_MS : TOAST_MS);
  };

  return {
    addStatementAt(point) {
      if (!canEdit) return null;
      const id = newId();
      undoManager.stopCapturing();
      lastEditedId = id;
      store.setState({ draft: { id, x: Math.round(point.x), y: Math.round(point.y) }, editingId: id });
      setSelection(EMPTY_SELECTION);
      return id;
    },
    commitDraft(text) {
      const { draft } = store.getState();
      if (!canEdit || !draft || !text) return;
      // Not closed off after: the first characters typed go into the same undo step.
      undoManager.stopCapturing();
      doc.transact(() => addStatement(doc, { id: draft.id, x: draft.x, y: draft.y, text }, author(), LOCAL), LOCAL);
      store.setState({ draft: null });
      setSelection({ statementIds: [draft.id], linkIds: [] });
      context.onStatementAdded(draft.id);
    },
    startEditing,
    stopEditing() {
      const { editingId, draft } = store.getState();
      if (editingId === null && draft === null) return;
      store.setState({ editingId: null, draft: null });
    },
    textOf: (id) => statementText(doc, id),
    beginMove() {
      if (canEdit) undoManager.stopCapturing();
    },
    moveStatement(id, point) {
      if (canEdit) moveSharedStatement(doc, id, Math.round(point.x), Math.round(point.y), LOCAL);
    },
    applyLayout(positions) {
      if (positions.size > 0) step(() => moveStatements(doc, positions, LOCAL));
    },
    setPinned(pinned) {
      const ids = store.getState().selection.statementIds;
      step(() => ids.forEach((id) => setSharedPinned(doc, id, pinned, LOCAL)));
    },
    setValence(valence) {
      const ids = store.getState().selection.statementIds;
      step(() => ids.forEach((id) => setSharedValence(doc, id, valence, LOCAL)));
    },
    deleteSelected() {
      const { statementIds, linkIds } = store.getState().selection;
      if (statementIds.length + linkIds.length === 0) return;
      if (canEdit) context.onDeleted([...statementIds, ...linkIds]);
      step(() => {
        // Links of a deleted statement stay: they are hidden while it is gone and return with it.
        linkIds.forEach((id) => deleteSharedLink(doc, id, author(), LOCAL));
        statementIds.forEach((id) => deleteStatement(doc, id, author(), LOCAL));
      });
      if (canEdit) setSelection(EMPTY_SELECTION);
    },
    restoreStatement(id) {
      step(() => restoreSharedStatement(doc, id, LOCAL));
    },
    addLink(from, to, polarity = '+', quiet = false) {
      if (!canEdit) return null;
      let result: AddLinkResult | null = null;
      step(() => {
        result = addSharedLink(doc, { from, to, polarity }, author(), LOCAL);
      });
      const outcome = result as AddLinkResult | null;
      if (outcome && !outcome.ok && !quiet) showToast(LINK_REFUSAL_MESSAGES[outcome.reason]);
      return outcome;
    },
    togglePolarity() {
      const ids = store.getState().selection.linkIds;
      step(() => ids.forEach((id) => toggleSharedPolarity(doc, id, LOCAL)));
    },
    deleteLink(id) {
      step(() => deleteSharedLink(doc, id, author(), LOCAL));
    },
    undo() {
      if (canEdit) undoManager.undo();
    },
    redo() {
      if (canEdit) undoManager.redo();
    },
    setCursor: (point) => cursor.send(point),
    setSelection,
    selectLink,
    setIdentity(next) {
      identity = next;
      awareness.setLocalStateField('user', next);
    },
    showToast,
    dismissToast: () => store.setState({ toast: null }),
    dispose() {
      cursor.stop();
      if (toastTimer !== undefined) clearTimeout(toastTimer);
    },
  };
}
