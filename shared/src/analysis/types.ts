// The loop analysis reads plain data, not a Y.Doc: the Yjs reader builds an `AnalysisInput`,
// so client, server, tests and the benchmark all feed the same pure functions (SPEC §2).

import type { Polarity, Valence } from '../schema.js';

export type { Polarity, Valence };

/** What a loop does to the person: the team may override the computed one. */
export type LoopCharacter = 'vicious' | 'virtuous' | 'unclassified';
/** `reinforcing`: an even number of `-` links (zero included); else `balancing`. */
export type LoopPolarity = 'reinforcing' | 'balancing';

/** A statement as the analysis sees it; `number` is its display number. */
export interface AnalysisStatement {
  id: string;
  number: number;
  valence: Valence;
  deleted: boolean;
}

/** A link as the analysis sees it. */
export interface AnalysisLink {
  id: string;
  from: string;
  to: string;
  polarity: Polarity;
  createdAt: number;
  createdBy: string;
  deleted: boolean;
}

/** The team's own words about a loop, stored in `loopNotes[key]`. */
export interface LoopNote {
  title?: string;
  note?: string;
  character?: LoopCharacter;
}

/** Everything the analysis needs from one map. */
export interface AnalysisInput {
  statements: AnalysisStatement[];
  links: AnalysisLink[];
  /** loop key -> the team's note */
  loopNotes?: Record<string, LoopNote>;
  /** loop key -> label given by the server, e.g. "R3" */
  labels?: Record<string, string>;
}

/** One loop: an elementary directed cycle of live statements and links. */
export interface Loop {
  /** the server's label if it fits the loop's polarity, else a provisional one */
  name: string;
  /** true when `name` was not given by the server */
  provisional: boolean;
  title?: string;
  note?: string;
  /** statement ids rotated to start at the smallest id (string order), joined with '>' */
  key: string;
  /** statement numbers, starting at the lowest number and following the arrows */
  statements: number[];
  /** same order as `statements` */
  statementIds: string[];
  /** link i goes statementIds[i] -> statementIds[i + 1], the last one back to the first */
  linkIds: string[];
  polarity: LoopPolarity;
  /** null for a balancing loop unless the team set a character */
  character: LoopCharacter | null;
  /** the largest createdAt of its links: when the loop was closed */
  closedAt: number;
  /** who created that link (of links created at the same moment, the one with the larger id) */
  closedBy: string;
}

/** The result of `analyseLoops`. */
export interface LoopAnalysis {
  /** in listing order: closedAt, then key */
  loops: Loop[];
  /** true when enumeration stopped at maxLoops */
  truncated: boolean;
  /** statements that lie on some loop; complete even when truncated */
  onLoopStatements: Set<string>;
  /** links that lie on some loop; complete even when truncated */
  onLoopLinks: Set<string>;
  counts: { reinforcing: number; balancing: number; vicious: number; virtuous: number };
}

/** Options of `analyseLoops`. */
export interface AnalyseOptions {
  /** stop listing after this many loops (default 10,000) and report `truncated` */
  maxLoops?: number;
}
