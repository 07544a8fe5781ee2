import type { Link } from './link.js';

// The loops of a map followed change by change, for the research record: a change closes
// exactly the loops through the arrows it adds, and breaks exactly the loops through the
// arrows it takes away. So each change costs a search from the arrows it touched, instead of
// finding every loop of the map again (a 10,000-update journal has over a thousand changes
// that add or remove an arrow).
//
// An arrow is an ordered pair of live statements with at least one live link between them
// (SPEC §1: duplicates of a pair count once, through the earliest link). A loop is a cycle of
// arrows; its key is its statement ids from the smallest, following the arrows (as in
// analyseLoops).

/** A loop as the tracker knows it. */
export interface TrackedLoop {
  key: string;
  /** Its statement ids, following the arrows. */
  ids: string[];
  /** When its latest arrow was drawn (the createdAt of that arrow's earliest link). */
  closedAt: number;
  /** The link that counts for each arrow (the earliest of its pair), as the loop closed or broke. */
  links: string[];
}

export interface LoopChanges {
  /** Loops that no longer exist, by closedAt then key. */
  broken: TrackedLoop[];
  /** Loops that now exist, by closedAt then key. */
  closed: TrackedLoop[];
}

export interface LoopTracker {
  /** Takes in the new state of the statements and links one update touched. */
  update(statements: readonly { id: string; live: boolean }[], links: readonly Link[]): LoopChanges;
}

/** Steps one change's search may take: a change that would close millions of loops stops here. */
const SEARCH_STEPS = 500_000;

interface Statement {
  id: string;
  live: boolean;
  out: Map<string, Pair>;
  into: Map<string, Pair>;
  /** The search that last found it can get back to where the search started. */
  reaches: number;
  onPath: boolean;
}

/** The links from one statement to another, and the loops through their arrow. */
interface Pair {
  from: Statement;
  to: Statement;
  /** Its live links (deleted and self links left out), with their createdAt. */
  links: Map<string, number>;
  /** The link that counts (the earliest; smallest id among equals) and when it was made. */
  first: string;
  drawnAt: number;
  loops: Set<Tracked>;
  /** Came in the update being taken in, and not yet searched from. */
  pending: boolean;
}

interface Tracked extends Omit<TrackedLoop, 'links'> {
  pairs: Pair[];
}

const byTimeThenKey = (a: Tracked, b: Tracked): number => a.closedAt - b.closedAt || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const isArrow = (pair: Pair): boolean => pair.from.live && pair.to.live && pair.links.size > 0;

function keyOf(ids: readonly string[]): string {
  let smallest = 0;
  for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[smallest]!) smallest = i;
  return [...ids.slice(smallest), ...ids.slice(0, smallest)].join('>');
}

function setFirst(pair: Pair): void {
  pair.drawnAt = Infinity;
  pair.first = '';
  for (const [id, createdAt] of pair.links) {
    if (createdAt < pair.drawnAt || (createdAt === pair.drawnAt && id < pair.first)) {
      pair.drawnAt = createdAt;
      pair.first = id;
    }
  }
}

const closedAtOf = (pairs: readonly Pair[]): number => pairs.reduce((latest, pair) => Math.max(latest, pair.drawnAt), -Infinity);

/** Follows at most `maxLoops` loops at once; more are not reported until some are broken. */
export function createLoopTracker(maxLoops: number): LoopTracker {
  const statements = new Map<string, Statement>();
  const linkPairs = new Map<string, Pair>();
  const loops = new Map<string, Tracked>();
  let search = 0;

  const statementOf = (id: string): Statement => {
    let statement = statements.get(id);
    if (!statement) statements.set(id, (statement = { id, live: false, out: new Map(), into: new Map(), reaches: 0, onPath: false }));
    return statement;
  };
  function pairOf(fromId: string, toId: string): Pair {
    const from = statementOf(fromId);
    let pair = from.out.get(toId);
    if (!pair) {
      const to = statementOf(toId);
      pair = { from, to, links: new Map(), first: '', drawnAt: Infinity, loops: new Set(), pending: false };
      from.out.set(toId, pair);
      to.into.set(fromId, pair);
    }
    return pair;
  }

  function setLink(link: Link): void {
    const known = linkPairs.get(link.id);
    if (known) {
      known.links.delete(link.id);
      setFirst(known);
    }
    if (link.from === link.to) return;
    const pair = pairOf(link.from, link.to);
    linkPairs.set(link.id, pair);
    if (link.deletedAt === null) pair.links.set(link.id, link.createdAt);
    setFirst(pair);
  }

  function forget(loop: Tracked): void {
    loops.delete(loop.key);
    for (const pair of loop.pairs) pair.loops.delete(loop);
  }

  function remember(path: readonly Statement[], pairs: Pair[]): Tracked {
    const ids = path.map((statement) => statement.id);
    const loop: Tracked = { key: keyOf(ids), ids, closedAt: closedAtOf(pairs), pairs };
    loops.set(loop.key, loop);
    for (const pair of pairs) pair.loops.add(loop);
    return loop;
  }

  const usable = (pair: Pair): boolean => !pair.pending && isArrow(pair);

  /** The loops through this arrow that use only usable arrows. */
  function loopsThrough(arrow: Pair, found: Tracked[], budget: { steps: number }): void {
    const { from, to } = arrow;
    // Only statements that can still get back to `from` are worth walking into.
    const stamp = ++search;
    from.reaches = stamp;
    const queue = [from];
    while (queue.length > 0) {
      for (const pair of queue.pop()!.into.values()) {
        if (pair.from.reaches !== stamp && usable(pair)) {
          pair.from.reaches = stamp;
          queue.push(pair.from);
        }
      }
    }
    if (to.reaches !== stamp) return;
    const path = [from, to];
    const pairs = [arrow];
    to.onPath = from.onPath = true;
    const walk = (node: Statement): void => {
      for (const pair of node.out.values()) {
        if (loops.size >= maxLoops || --budget.steps < 0) return;
        const next = pair.to;
        if (next.reaches !== stamp || !usable(pair)) continue;
        if (next === from) {
          found.push(remember(path, [...pairs, pair]));
          continue;
        }
        if (next.onPath) continue;
        path.push(next);
        pairs.push(pair);
        next.onPath = true;
        walk(next);
        next.onPath = false;
        path.pop();
        pairs.pop();
      }
    };
    walk(to);
    to.onPath = from.onPath = false;
  }

  return {
    update(changedStatements, links) {
      // The pairs whose arrow may come or go: those of the links, and every pair at a statement.
      const touched = new Set<Pair>();
      for (const link of links) {
        const known = linkPairs.get(link.id);
        if (known) touched.add(known);
        if (link.from !== link.to) touched.add(pairOf(link.from, link.to));
      }
      for (const { id } of changedStatements) {
        const statement = statementOf(id);
        for (const pair of statement.out.values()) touched.add(pair);
        for (const pair of statement.into.values()) touched.add(pair);
      }
      const before = new Map([...touched].map((pair) => [pair, { arrow: isArrow(pair), drawnAt: pair.drawnAt }]));
      for (const { id, live } of changedStatements) statementOf(id).live = live;
      for (const link of links) setLink(link);

      const broken = new Set<Tracked>();
      const come: Pair[] = [];
      for (const [pair, was] of before) {
        const now = isArrow(pair);
        if (was.arrow && !now) for (const loop of pair.loops) broken.add(loop);
        else if (!was.arrow && now) come.push(pair);
        else if (now && pair.drawnAt !== was.drawnAt) {
          // Its earliest link changed: its loops stay, drawn at another time now.
          for (const loop of pair.loops) loop.closedAt = closedAtOf(loop.pairs);
        }
      }
      broken.forEach(forget);

      // Arrows that came in one update are taken one by one, in a fixed order: a loop through
      // several of them is found once, from the last.
      come.sort((a, b) => (a.from.id < b.from.id ? -1 : a.from.id > b.from.id ? 1 : a.to.id < b.to.id ? -1 : a.to.id > b.to.id ? 1 : 0));
      for (const pair of come) pair.pending = true;
      const closed: Tracked[] = [];
      const budget = { steps: SEARCH_STEPS };
      for (const pair of come) {
        pair.pending = false;
        loopsThrough(pair, closed, budget);
      }
      const plain = ({ key, ids, closedAt, pairs }: Tracked): TrackedLoop => ({ key, ids, closedAt, links: pairs.map((pair) => pair.first) });
      return { broken: [...broken].sort(byTimeThenKey).map(plain), closed: closed.sort(byTimeThenKey).map(plain) };
    },
  };
}
