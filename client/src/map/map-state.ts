import type { Link } from '@causal-map/shared/link';
import type { NumberedStatement } from '@causal-map/shared/map-view';
import { type LoopState, initialLoopState } from '../loops/loop-state';
import type { ConnectionStop } from './map-connection';
import type { ReadingFilter } from './reading-filter';
import type { Viewport } from './presence';
import { type FacilitationState, initialFacilitationState } from '../facilitation/facilitation-state';
import { type DiscussionState, initialDiscussionState } from '../discussion/discussion-state';

/** Whether this person may change the map: decided by which token opened it. */
export type Role = 'edit' | 'view';

/** What the header shows, word for word. */
export type ConnectionStatus = 'connected' | 'reconnecting' | 'offline' | 'stopped';

export interface Point {
  x: number;
  y: number;
}

/** Someone on the map right now, from awareness (SPEC §4); never stored in the document. */
export interface Peer {
  clientId: number;
  name: string;
  color: string;
  /** In flow coordinates. */
  cursor: Point | null;
  selection: string[];
  isSelf: boolean;
  /** Opened the map with a view-only link (the server marks it; SPEC §4 awareness). */
  viewOnly: boolean;
  /** Where they look (this project's addition to awareness, docs/contract.md). */
  viewport: Viewport | null;
  /** Whose view they follow, by client id. */
  following: number | null;
  /** When they last used the map, on their clock. */
  active: number | null;
  /** Their latest "bring everyone here": its id and the view they ask everyone to. */
  summon: { id: string; viewport: Viewport } | null;
}

export interface Selection {
  statementIds: string[];
  linkIds: string[];
}

export interface Toast {
  id: number;
  message: string;
  /** One thing to do about it, e.g. Undo. */
  action?: ToastAction;
}

export interface ToastAction {
  label: string;
  run: () => void;
}

/** The plain state of one open map: what components read with selectors. */
export interface MapState extends LoopState, DiscussionState, FacilitationState {
  title: string;
  /** Live statements, by number. */
  statements: NumberedStatement[];
  /** Live, well-formed links (SPEC §1). */
  links: Link[];
  /** Statement id → number, for every statement ever added. */
  numbers: ReadonlyMap<string, number>;
  /** True once the server has sent the map, or local data loaded. */
  hasSynced: boolean;
  /** Connections in a row that closed before the server sent the map: a wrong link, or no server. */
  failedConnections: number;
  connection: ConnectionStatus;
  /** Set when the server closed for good: the link was revoked, or it refuses this map as it is. */
  stop: ConnectionStop | null;
  peers: Peer[];
  selection: Selection;
  /** The statement whose text is open for typing, if any. */
  editingId: string | null;
  canUndo: boolean;
  canRedo: boolean;
  toast: Toast | null;
  /** A reading aid: fade all but these statements. This person's view only. */
  filter: ReadingFilter;
  /** A layout this person started is being computed (it may take a moment on a big map). */
  layingOut: boolean;
  /** The statement whose menu is open, and where on screen. */
  statementMenu: { id: string; x: number; y: number } | null;
  /**
   * A new statement this person has not typed into yet: drawn and open for typing, but not in
   * the document, so leaving it empty leaves nothing behind and uses up no number.
   */
  draft: Draft | null;
  /** Statements this person added that the server has not confirmed storing yet. */
  unconfirmed: ReadonlySet<string>;
  /** In a replay, one person's contributions stand out and the rest fade. */
  personFilter: string | null;
}

export interface Draft {
  id: string;
  x: number;
  y: number;
}

export const EMPTY_SELECTION: Selection = { statementIds: [], linkIds: [] };

export function initialMapState(): MapState {
  return {
    title: '',
    statements: [],
    links: [],
    numbers: new Map(),
    hasSynced: false,
    failedConnections: 0,
    connection: 'reconnecting',
    stop: null,
    peers: [],
    selection: EMPTY_SELECTION,
    editingId: null,
    canUndo: false,
    canRedo: false,
    toast: null,
    filter: 'all',
    layingOut: false,
    statementMenu: null,
    draft: null,
    unconfirmed: new Set(),
    personFilter: null,
    ...initialLoopState(),
    ...initialDiscussionState(),
    ...initialFacilitationState(),
  };
}

/** True if what the map shows of a statement is the same. */
export function sameStatement(a: NumberedStatement, b: NumberedStatement): boolean {
  return (
    a.text === b.text &&
    a.x === b.x &&
    a.y === b.y &&
    a.valence === b.valence &&
    a.pinned === b.pinned &&
    a.number === b.number &&
    a.deletedAt === b.deletedAt
  );
}

/** True if what the map shows of a link is the same. */
export function sameLink(a: Link, b: Link): boolean {
  return a.from === b.from && a.to === b.to && a.polarity === b.polarity;
}

/**
 * The selection and the statement being typed into, once the map is as given: an undo or a
 * remote delete can take away what is selected or being edited.
 */
export function keepSelection(previous: MapState, statements: readonly NumberedStatement[], links: readonly Link[]): Pick<MapState, 'selection' | 'editingId'> {
  const unchanged = statements === previous.statements && links === previous.links;
  if (unchanged) return { selection: previous.selection, editingId: previous.editingId };
  const live = new Set(statements.map((s) => s.id));
  const liveLinks = new Set(links.map((l) => l.id));
  const selection = {
    statementIds: previous.selection.statementIds.filter((id) => live.has(id)),
    linkIds: previous.selection.linkIds.filter((id) => liveLinks.has(id)),
  };
  const selectionChanged =
    selection.statementIds.length !== previous.selection.statementIds.length ||
    selection.linkIds.length !== previous.selection.linkIds.length;
  return {
    selection: selectionChanged ? selection : previous.selection,
    editingId:
      previous.editingId && (live.has(previous.editingId) || previous.editingId === previous.draft?.id)
        ? previous.editingId
        : null,
  };
}
