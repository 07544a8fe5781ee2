import type { Node } from '@xyflow/react';
import type { Route } from '@causal-map/shared/geometry/route';
import type { Link } from '@causal-map/shared/link';
import type { NumberedStatement } from '@causal-map/shared/map-view';

/** Statement boxes are this wide; positions in the document are their top-left corners. */
export const STATEMENT_WIDTH = 220;
/** A typical height, for centring new statements before they are measured. */
export const STATEMENT_HEIGHT = 72;

/** Someone else who has this statement selected. */
export interface PeerMark {
  clientId: number;
  name: string;
  color: string;
}

/** How a statement or link stands to the selected loop: in it, outside it, or no loop selected. */
export type LoopMark = 'highlighted' | 'dimmed' | null;

export type StatementNodeData = {
  statement: NumberedStatement;
  editing: boolean;
  readOnly: boolean;
  peers: PeerMark[];
  /** It lies on some loop. */
  onLoop: boolean;
  loopMark: LoopMark;
  /** A reading filter is on and this statement is not what it shows. */
  faded: boolean;
  /** Its number may still change: the server has not stored it yet (or it is a draft). */
  provisional: boolean;
  /** Open discussion threads on it: a badge. */
  threads: number;
};

export type StatementFlowNode = Node<StatementNodeData, 'statement'>;

/** A live link as drawn: where it runs, and how it stands to the selection, loops and filters. */
export interface LinkItem {
  id: string;
  link: Link;
  fromNumber: number;
  toNumber: number;
  selected: boolean;
  /** It lies on some loop. */
  onLoop: boolean;
  loopMark: LoopMark;
  /** Where it is drawn: routed around every statement it does not join (none until routed). */
  route: Route | undefined;
  faded: boolean;
  /** How people marked it, e.g. "✓2 ✗1"; empty when nobody did. */
  marks: string;
  /** Someone disagrees with it. */
  contested: boolean;
  /** Open discussion threads on it. */
  threads: number;
}

/** How a link reads aloud, e.g. "4 may lead to 5". */
export function linkSentence(fromNumber: number, toNumber: number, polarity: Link['polarity']): string {
  return `${fromNumber} ${polarity === '-' ? 'may not lead to' : 'may lead to'} ${toNumber}`;
}

/** The data attributes that tell tests and styles how something stands to the selected loop. */
export function loopMarkAttributes(onLoop: boolean, mark: LoopMark): Record<string, string | undefined> {
  return {
    'data-on-loop': onLoop ? 'true' : undefined,
    'data-highlighted': mark === 'highlighted' ? 'true' : undefined,
    'data-dimmed': mark === 'dimmed' ? 'true' : undefined,
  };
}

/** Where something stands: highlighted if the selected loop holds it, dimmed if not. */
export function loopMarkOf(id: string, selected: ReadonlySet<string> | null): LoopMark {
  if (!selected) return null;
  return selected.has(id) ? 'highlighted' : 'dimmed';
}
