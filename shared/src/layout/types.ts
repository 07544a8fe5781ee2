// What the automatic layouts read and return, and the few ELK JSON graph shapes they send.
// shared/ never imports elkjs: the browser loads it lazily in a Web Worker and the tests load
// it in node, so the engine comes in as a parameter and only its JSON format is typed here.

import type { Point } from '../geometry/box.js';

/** A statement as the layouts see it: its box on the canvas and whether the team pinned it. */
export interface LayoutStatement {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  pinned: boolean;
}

/** A link as the layouts see it: an arrow from one statement to another. */
export interface LayoutLink {
  id: string;
  from: string;
  to: string;
}

/** The live statements and links of one map. */
export interface LayoutInput {
  statements: LayoutStatement[];
  links: LayoutLink[];
}

/** New top-left corners by statement id, only for statements that move. */
export type Positions = Map<string, Point>;

/** ELK layout options: option id to value, always as strings. */
export type ElkLayoutOptions = Record<string, string>;

/** A node of an ELK JSON graph; ELK fills in x and y. */
export interface ElkGraphNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: ElkLayoutOptions;
}

/** An edge of an ELK JSON graph (the "extended" form with source and target lists). */
export interface ElkGraphEdge {
  id: string;
  sources: string[];
  targets: string[];
  layoutOptions?: ElkLayoutOptions;
}

/** The root of an ELK JSON graph: one flat level of nodes and edges is all the layouts need. */
export interface ElkGraph extends ElkGraphNode {
  children?: ElkGraphNode[];
  edges?: ElkGraphEdge[];
}

/** Anything that lays out an ELK JSON graph: `new ELK()` from elkjs, in a worker or not. */
export interface ElkEngine {
  layout(graph: ElkGraph): Promise<ElkGraph>;
}
