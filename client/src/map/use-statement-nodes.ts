import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type NodeChange, type XYPosition, useStoreApi } from '@xyflow/react';
import type { NumberedStatement } from '@causal-map/shared/map-view';
import type { Draft, MapState, Peer } from './map-state';
import type { StatementBox } from '@causal-map/shared/geometry/box';
import { type PeerMark, STATEMENT_HEIGHT, STATEMENT_WIDTH, type StatementFlowNode, loopMarkOf } from './flow-types';
import { type ReadingFilter, isShown } from './reading-filter';
import { commentTarget } from '@causal-map/shared/comments';
import type { Link } from '@causal-map/shared/link';
import { isContested } from '@causal-map/shared/marks';
import { useShallow } from 'zustand/react/shallow';
import { spotlitKey, spotlitOf } from '../facilitation/spotlight';
import { sameItemsOr } from './same-items';
import { useMapState, useSession } from './session-context';
import { useLayoutAnimation } from './use-layout-animation';
import { VALENCE_DISPLAY } from './valence';

/** Positions are written to the document at most this often while dragging. */
const DRAG_WRITE_MS = 50;

interface LocalNodeState {
  /** Sizes React Flow measured; it needs them back on every node it is given. */
  measured: Record<string, { width: number; height: number }>;
  /** Where this person is dragging statements to, ahead of the document. */
  dragged: Record<string, { position: XYPosition; settled: boolean }>;
}

function peerMarksById(peers: Peer[]): Map<string, PeerMark[]> {
  const marks = new Map<string, PeerMark[]>();
  for (const peer of peers) {
    if (peer.isSelf) continue;
    for (const id of peer.selection) {
      const list = marks.get(id) ?? [];
      list.push({ clientId: peer.clientId, name: peer.name, color: peer.color });
      marks.set(id, list);
    }
  }
  return marks;
}

/** Changes only when someone's selection, name or colour does: not with every cursor move. */
function peerSelectionKey(peers: Peer[]): string {
  return peers
    .filter((peer) => !peer.isSelf && peer.selection.length > 0)
    .map((peer) => `${peer.clientId}:${peer.color}:${peer.name}:${peer.selection.join(',')}`)
    .join('|');
}

function sameNode(a: StatementFlowNode, b: StatementFlowNode): boolean {
  return (
    a.position.x === b.position.x &&
    a.position.y === b.position.y &&
    a.selected === b.selected &&
    a.draggable === b.draggable &&
    a.measured === b.measured &&
    shownAlike(a.data.statement, b.data.statement) &&
    a.data.editing === b.data.editing &&
    a.data.readOnly === b.data.readOnly &&
    a.data.peers === b.data.peers &&
    a.data.onLoop === b.data.onLoop &&
    a.data.loopMark === b.data.loopMark &&
    a.data.faded === b.data.faded &&
    a.data.threads === b.data.threads &&
    a.data.provisional === b.data.provisional
  );
}

/**
 * True if a node draws the two the same: its place comes from the node's position, so a
 * statement that only moved needs no new node (a drag's own writes then cost React Flow nothing).
 */
function shownAlike(a: NumberedStatement, b: NumberedStatement): boolean {
  return a === b || (a.id === b.id && a.text === b.text && a.number === b.number && a.valence === b.valence && a.pinned === b.pinned && a.createdBy === b.createdBy);
}

/** How a statement reads aloud, e.g. "Statement 4, bad: Mrs A feels isolated. On a loop." */
export function describeStatement(statement: NumberedStatement, onLoop: boolean, provisional: boolean, threads = 0): string {
  const number = provisional ? `${statement.number} (number not yet confirmed)` : String(statement.number);
  const valence = statement.valence === 'neutral' ? '' : `, ${VALENCE_DISPLAY[statement.valence].word.toLowerCase()}`;
  const notes = [onLoop ? ' On a loop.' : '', statement.pinned ? ' Pinned.' : '', threads > 0 ? ` ${threads} open ${threads === 1 ? 'thread' : 'threads'}.` : ''].join('');
  return `Statement ${number}${valence}: ${statement.text || 'empty'}${notes ? `.${notes}` : ''}`;
}

/** A new statement not typed into yet, drawn with the number it will most likely get. */
function draftStatement(draft: Draft, nextNumber: number): NumberedStatement {
  return {
    ...draft,
    number: nextNumber,
    text: '',
    valence: 'neutral',
    pinned: false,
    createdAt: 0,
    createdBy: '',
    deletedAt: null,
    deletedBy: null,
  };
}

const NO_PEERS: PeerMark[] = [];
const NO_IDS: string[] = [];

/** The statements that a link someone disagrees with joins, while "Contested links" is on. */
function contestedEndsOf(filter: ReadingFilter, links: readonly Link[], marks: MapState['marks']): string[] {
  if (filter !== 'contested') return NO_IDS;
  return links.filter((link) => isContested(marks.get(link.id))).flatMap((link) => [link.from, link.to]);
}

/**
 * Positions written while a drag goes on, each in a task of its own. Written inside the pointer
 * event, the document's update re-rendered the page (zustand renders synchronously) within the
 * frame that showed the drag, and that frame came late.
 */
function useDragWrites() {
  const { actions } = useSession();
  const [writes] = useState(() => {
    const pending = new Map<string, XYPosition>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      for (const [id, position] of pending) actions.moveStatement(id, position);
      pending.clear();
    };
    return {
      queue(id: string, position: XYPosition) {
        pending.set(id, position);
        timer ??= setTimeout(flush, 0);
      },
      /** The drag ended: its last position is written at once, so an earlier one must not follow. */
      cancel: (id: string) => pending.delete(id),
      flush() {
        clearTimeout(timer);
        flush();
      },
    };
  });
  useEffect(() => () => writes.flush(), [writes]);
  return writes;
}

/** A node as built last, and what it was built from. */
interface BuiltNode {
  node: StatementFlowNode;
  shared: object;
  statement: NumberedStatement;
  dragged: LocalNodeState['dragged'][string] | undefined;
}

/**
 * The statements as React Flow nodes. The document is the truth; this person's drag is shown
 * locally at once and written to the document throttled, and at the end of the drag.
 */
export function useStatementNodes() {
  const session = useSession();
  const { actions, role } = session;
  const statements = useMapState((state) => state.statements);
  const selection = useMapState((state) => state.selection);
  const editingId = useMapState((state) => state.editingId);
  const peerKey = useMapState((state) => peerSelectionKey(state.peers));
  const onLoopStatements = useMapState((state) => state.onLoopStatements);
  const selectedLoop = useMapState((state) => state.selectedLoop);
  const filter = useMapState((state) => state.filter);
  const draft = useMapState((state) => state.draft);
  const personFilter = useMapState((state) => state.personFilter);
  const unconfirmed = useMapState((state) => state.unconfirmed);
  const nextNumber = useMapState((state) => state.numbers.size + 1);
  const openCounts = useMapState((state) => state.openCounts);
  const spotlight = useMapState(spotlitKey);
  const contestedEnds = useMapState(useShallow((state) => contestedEndsOf(state.filter, state.links, state.marks)));
  const [local, setLocal] = useState<LocalNodeState>({ measured: {}, dragged: {} });
  const flow = useStoreApi();
  const lastWrite = useRef(new Map<string, number>());
  const writes = useDragWrites();
  // Unchanged nodes keep their object, so React Flow skips them (it compares by identity).
  const previous = useRef(new Map<string, BuiltNode>());
  const marksByKey = useRef({ key: '', marks: new Map<string, PeerMark[]>() });
  const lastNodes = useRef<StatementFlowNode[] | null>(null);
  const lastBoxes = useRef<StatementBox[] | null>(null);
  const boxOf = useRef(new WeakMap<StatementFlowNode, StatementBox>());

  // Once the document holds where a drag ended, the document is shown again.
  useEffect(() => {
    setLocal((state) => {
      const entries = Object.entries(state.dragged);
      if (!entries.some(([, drag]) => drag.settled)) return state;
      return { ...state, dragged: Object.fromEntries(entries.filter(([, drag]) => !drag.settled)) };
    });
  }, [statements]);

  // What every node is built from besides its statement and its drag: when this changes, each
  // node is built again; while someone drags, only the statements that changed are.
  const shared = useMemo(() => {
    if (marksByKey.current.key !== peerKey) {
      marksByKey.current = { key: peerKey, marks: peerMarksById(session.store.getState().peers) };
    }
    return {
      marks: marksByKey.current.marks,
      selected: new Set(selection.statementIds),
      readOnly: role !== 'edit',
      inSelectedLoop: selectedLoop ? new Set(selectedLoop.statementIds) : null,
      editingId,
      onLoopStatements,
      filter,
      personFilter,
      unconfirmed,
      draft: draft ? draftStatement(draft, nextNumber) : null,
      openCounts,
      contestedEnds: new Set(contestedEnds),
      spotlit: spotlitOf(spotlight),
    };
  }, [session, selection, peerKey, role, selectedLoop, editingId, onLoopStatements, filter, draft, unconfirmed, nextNumber, personFilter, openCounts, contestedEnds, spotlight]);

  const nodes = useMemo<StatementFlowNode[]>(() => {
    const { marks, selected, readOnly, inSelectedLoop, editingId, onLoopStatements, filter, personFilter, unconfirmed, draft, openCounts, contestedEnds, spotlit } = shared;
    const all = draft ? [...statements, draft] : statements;
    const built = all.map((statement): BuiltNode => {
      const dragged = local.dragged[statement.id];
      const measured = local.measured[statement.id];
      const old = previous.current.get(statement.id);
      if (old?.shared === shared && old.statement === statement && old.dragged === dragged && old.node.measured === measured) return old;
      const editing = statement.id === editingId;
      const onLoop = onLoopStatements.has(statement.id);
      const provisional = statement.id === draft?.id || unconfirmed.has(statement.id);
      const node: StatementFlowNode = {
        id: statement.id,
        type: 'statement',
        position: dragged?.position ?? { x: statement.x, y: statement.y },
        data: {
          statement,
          editing,
          readOnly,
          peers: marks.get(statement.id) ?? NO_PEERS,
          onLoop,
          loopMark: loopMarkOf(statement.id, inSelectedLoop),
          faded:
            !isShown(filter, statement, onLoop, contestedEnds.has(statement.id)) ||
            (personFilter !== null && statement.createdBy !== personFilter) ||
            (spotlit !== null && !spotlit.statements.has(statement.id)),
          provisional,
          threads: openCounts.get(commentTarget('statement', statement.id)) ?? 0,
        },
        selected: selected.has(statement.id),
        draggable: !readOnly && !editing,
        connectable: !readOnly,
        measured,
        ariaLabel: describeStatement(statement, onLoop, provisional, openCounts.get(commentTarget('statement', statement.id)) ?? 0),
      };
      return { node: old && sameNode(old.node, node) ? old.node : node, shared, statement, dragged };
    });
    previous.current = new Map(built.map((entry) => [entry.statement.id, entry]));
    lastNodes.current = sameItemsOr(lastNodes.current, built.map((entry) => entry.node));
    return lastNodes.current;
  }, [shared, statements, local]);

  // The boxes as drawn now (a drag included): what links are routed around and layouts measure.
  const boxes = useMemo<StatementBox[]>(() => {
    const before = lastBoxes.current;
    // Boxes by statement, made only if some node is new (one was dragged, measured or edited).
    let byId: Map<string, StatementBox> | null = null;
    const next = nodes.map((node) => {
      const known = boxOf.current.get(node);
      if (known) return known;
      const box = {
        id: node.id,
        x: node.position.x,
        y: node.position.y,
        width: node.measured?.width ?? STATEMENT_WIDTH,
        height: node.measured?.height ?? STATEMENT_HEIGHT,
      };
      // A node whose text changed keeps its box (until it is measured again at another size).
      byId ??= new Map(before?.map((old) => [old.id, old]));
      const old = byId.get(node.id);
      const same = old && old.x === box.x && old.y === box.y && old.width === box.width && old.height === box.height;
      boxOf.current.set(node, same ? old : box);
      return same ? old : box;
    });
    lastBoxes.current = sameItemsOr(before, next);
    return lastBoxes.current;
  }, [nodes]);
  const draggedIds = useMemo(() => new Set(Object.keys(local.dragged)), [local.dragged]);
  const animating = useLayoutAnimation(statements, draggedIds);
  // The statements this person is dragging right now; the same set while they stay the same.
  const movingKey = Object.entries(local.dragged)
    .filter(([, drag]) => !drag.settled)
    .map(([id]) => id)
    .join('\u0000');
  const moving = useMemo<ReadonlySet<string>>(() => new Set(movingKey ? movingKey.split('\u0000') : []), [movingKey]);

  const onNodesChange = useCallback(
    (changes: NodeChange<StatementFlowNode>[]) => {
      const { selection: current } = session.store.getState();
      let selected: Set<string> | null = null;
      // A statement picked alone leaves no link selected (React Flow does not know the links).
      let alone = false;
      const measured: LocalNodeState['measured'] = {};
      const dragged: LocalNodeState['dragged'] = {};
      const now = Date.now();
      for (const change of changes) {
        if (change.type === 'dimensions' && change.dimensions) {
          measured[change.id] = change.dimensions;
        } else if (change.type === 'position' && change.position) {
          const dragging = change.dragging === true;
          dragged[change.id] = { position: change.position, settled: !dragging };
          if (!dragging) {
            writes.cancel(change.id);
            actions.moveStatement(change.id, change.position);
          } else if (now - (lastWrite.current.get(change.id) ?? 0) >= DRAG_WRITE_MS) {
            lastWrite.current.set(change.id, now);
            writes.queue(change.id, change.position);
          }
        } else if (change.type === 'select') {
          selected ??= new Set(current.statementIds);
          if (change.selected) selected.add(change.id);
          else selected.delete(change.id);
          if (change.selected && !flow.getState().multiSelectionActive) alone = true;
        }
      }
      if (Object.keys(measured).length + Object.keys(dragged).length > 0) {
        setLocal((state) => ({
          measured: { ...state.measured, ...measured },
          dragged: { ...state.dragged, ...dragged },
        }));
      }
      if (selected) actions.setSelection({ statementIds: [...selected], linkIds: alone ? [] : session.store.getState().selection.linkIds });
    },
    [session, actions, flow, writes],
  );

  return { nodes, boxes, moving, animating, onNodesChange };
}
