import type * as Y from 'yjs';
import type { StoreApi } from 'zustand/vanilla';
import type { LoopCharacter } from '@causal-map/shared/analysis/types';
import { setLoopNote } from '@causal-map/shared/loop';
import { LOCAL } from '../map/origins';
import { type LoopState, findLoop } from './loop-state';

export interface LoopNotePatch {
  title?: string | null;
  note?: string | null;
  character?: LoopCharacter | null;
}

/** What people do with loops. Selecting and the panel are this person's own view. */
export interface LoopActions {
  /** Selects a loop (null: none), so the map highlights it. */
  selectLoop: (key: string | null) => void;
  /** Selects the next (+1) or previous (-1) loop in the list, wrapping round; opens the panel. */
  stepLoop: (direction: 1 | -1) => void;
  setPanelOpen: (open: boolean) => void;
  togglePanel: () => void;
  /** Opens the panel on a loop, e.g. from a notice. */
  showLoop: (key: string) => void;
  /** Moves the view to these statements, e.g. where a loop was before someone broke it. */
  showPlace: (statementIds: string[]) => void;
  /** Writes the team's title, note or character for a loop; a no-op for view-only people. */
  setNote: (key: string, patch: LoopNotePatch) => void;
  dismissNotice: (id: number) => void;
}

interface LoopActionContext {
  canEdit: boolean;
  doc: Y.Doc;
  store: StoreApi<LoopState>;
  undoManager: Y.UndoManager;
}

export function createLoopActions({ canEdit, doc, store, undoManager }: LoopActionContext): LoopActions {
  const selectLoop = (key: string | null) => {
    const selectedLoop = findLoop(store.getState().loops, key);
    // A key the analysis does not list yet is kept until the next analysis, which may bring it
    // (a notice can arrive while a large map is still being analysed).
    store.setState((state) => ({ selectedLoopKey: key, selectedLoop, loopShowCount: state.loopShowCount + 1 }));
  };

  return {
    selectLoop,
    stepLoop(direction) {
      const { loops, selectedLoopKey } = store.getState();
      if (loops.length === 0) return;
      const at = loops.findIndex((loop) => loop.key === selectedLoopKey);
      const next = at === -1 ? (direction === 1 ? 0 : loops.length - 1) : (at + direction + loops.length) % loops.length;
      const loop = loops[next];
      if (loop) {
        store.setState((state) => ({
          selectedLoopKey: loop.key,
          selectedLoop: loop,
          loopsPanelOpen: true,
          loopShowCount: state.loopShowCount + 1,
        }));
      }
    },
    setPanelOpen(open) {
      store.setState({ loopsPanelOpen: open });
    },
    togglePanel() {
      store.setState((state) => ({ loopsPanelOpen: !state.loopsPanelOpen }));
    },
    showLoop(key) {
      selectLoop(key);
      store.setState({ loopsPanelOpen: true });
    },
    showPlace(statementIds) {
      store.setState((state) => ({
        selectedLoopKey: null,
        selectedLoop: null,
        placeShown: { statementIds, count: (state.placeShown?.count ?? 0) + 1 },
      }));
    },
    setNote(key, patch) {
      if (!canEdit) return;
      // Typing a title merges into one undo step; choosing a character is a step of its own.
      const discrete = 'character' in patch;
      if (discrete) undoManager.stopCapturing();
      setLoopNote(doc, key, patch, LOCAL);
      if (discrete) undoManager.stopCapturing();
    },
    dismissNotice(id) {
      store.setState((state) => ({ loopNotices: state.loopNotices.filter((notice) => notice.id !== id) }));
    },
  };
}
