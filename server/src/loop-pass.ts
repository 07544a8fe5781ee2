import type { AnalysisInput } from '@causal-map/shared/analysis/types';
import { cleanUpDuplicateLinks } from '@causal-map/shared/link';
import { analysisInput } from '@causal-map/shared/loop';
import {
  type LoopStatePlan,
  type ServerLoopState,
  applyLoopStatePlan,
  isEmptyPlan,
  readServerLoopState,
  restoreServerLoopState,
} from '@causal-map/shared/loop-flags';
import type { Logger } from 'pino';
import type * as Y from 'yjs';
import { mapParts } from '@causal-map/shared/schema';
import type { LoopJob } from './loop-job.js';
import type { LoopRunner } from './loop-pool.js';

/** The origin of the server's own writes to a map, so they do not start another loop pass. */
export const SERVER_ORIGIN = Symbol('causal-map server');

/** The name the server signs its own edits with (the duplicate links it deletes). */
export const SERVER_NAME = 'server';

/** The map's loops as the server last worked them out, or why it could not. */
export type LoopsAnswer =
  | { kind: 'done'; truncated: boolean; loopsJson: string }
  | { kind: 'failed'; reason: 'closed' | 'timeout' | 'error'; message: string };

export interface LoopPassOptions {
  mapId: string;
  doc: Y.Doc;
  pool: LoopRunner;
  log: Logger;
  maxLoops: number;
  /** Quiet time after the last change before a pass runs. */
  debounceMs?: number;
  /** A pass runs at most this long after the first change it waits for, even if changes go on. */
  maxDelayMs?: number;
  /** How long the first pass on a large map waits after it opens, unless a change or a question comes first. */
  firstPassDelayMs?: number;
  /** From this many links (deleted ones included), a map is large. */
  largeFromLinks?: number;
}

/**
 * The first pass catches up on a map no pass has seen (an import); on any other it writes
 * nothing. On a large map it waits this long, so that the first person to open it sees it
 * drawn first: at 1,000 statements its 10,000 labels and 5,000 flags (30 MB) arrived, and were
 * worked out on the same two cores, while the page was drawing, and it took 2.1 s, not 1.5 s.
 * A small map's pass takes milliseconds and runs at once, as before.
 */
const FIRST_PASS_DELAY_MS = 1500;
/** As the client's route worker counts: a map of 200 links or more is large. */
const LARGE_FROM_LINKS = 200;

/** What the analysis reads from a map, as text: the same text, the same loops. */
function fingerprint(input: AnalysisInput): string {
  return JSON.stringify([input.statements, input.links, input.loopNotes ?? {}]);
}

/** A loop job for a map as it stands, named by `ledger`'s labels. */
export function loopJob(doc: Y.Doc, ledger: ServerLoopState, maxLoops: number): LoopJob {
  return { input: analysisInput(doc), ledger, now: Date.now(), maxLoops };
}

/** A loop job for a map as it stands, named by the labels the map itself holds. */
export function labelledJob(doc: Y.Doc, maxLoops: number): LoopJob {
  return loopJob(doc, readServerLoopState(doc), maxLoops);
}

/** A map's loops worked out on the pool, writing nothing (where no loop pass keeps the map). */
export async function loopsWithoutWriting(job: LoopJob, pool: LoopRunner): Promise<LoopsAnswer> {
  const outcome = await pool.run(job);
  if (outcome.kind === 'failed') return outcome;
  return { kind: 'done', truncated: outcome.result.truncated, loopsJson: outcome.result.loopsJson };
}

type PassState =
  | { kind: 'idle' }
  /** `first`: the first pass, waiting out its delay; a change brings it forward. */
  | { kind: 'scheduled'; timer: NodeJS.Timeout; runNow: boolean; first: boolean }
  | { kind: 'running' }
  | { kind: 'closed' };

interface Waiter {
  version: number;
  settle: (answer: LoopsAnswer) => void;
}

// About 10 ms of writing each, on a dense map's long loop keys.
const LABELS_PER_WRITE = 1000;
const FLAGS_PER_WRITE = 200;

/**
 * A plan in slices, each written in its own transaction: labelling and flagging a dense map's
 * thousands of loops in one would hold up every other map for most of a second. Flags come
 * first, being what people wait for; a small plan is one slice.
 */
export function slicesOf(plan: LoopStatePlan): LoopStatePlan[] {
  const flags = plan.addFlags;
  const labels = Object.entries(plan.addLabels);
  const slices: LoopStatePlan[] = [{ addLabels: Object.fromEntries(labels.slice(0, LABELS_PER_WRITE)), addFlags: flags.slice(0, FLAGS_PER_WRITE), removeFlags: plan.removeFlags }];
  for (let start = FLAGS_PER_WRITE; start < flags.length; start += FLAGS_PER_WRITE) slices.push({ addLabels: {}, addFlags: flags.slice(start, start + FLAGS_PER_WRITE), removeFlags: [] });
  for (let start = LABELS_PER_WRITE; start < labels.length; start += LABELS_PER_WRITE) slices.push({ addLabels: Object.fromEntries(labels.slice(start, start + LABELS_PER_WRITE)), addFlags: [], removeFlags: [] });
  return slices.filter((slice) => !isEmptyPlan(slice));
}

const CLOSED: LoopsAnswer = { kind: 'failed', reason: 'closed', message: 'the map was closed' };

/**
 * Keeps one room's `labels` and `flags` right (SPEC §2, §5): after changes settle, it puts back
 * what clients wrote there, deletes links drawn twice at once (SPEC §1: the earliest counts),
 * analyses the map on the loop worker and writes new labels and flags.
 * One pass at a time; a result is written only if the map did not change while it was worked out.
 */
export class LoopPass {
  private state: PassState = { kind: 'idle' };
  /** What the server wrote to `labels` and `flags`, to put them back if a client writes there. */
  private readonly ledger: ServerLoopState;
  /** Counts changes not made by the server: which state of the map a result belongs to. */
  private version = 0;
  private pending: { firstAt: number; lastAt: number } | null = null;
  private latest: { version: number; answer: LoopsAnswer } | null = null;
  /** The last answer whose writes were made, and the map it was worked out from. */
  private analysed: { fingerprint: string; answer: LoopsAnswer } | null = null;
  private readonly waiters: Waiter[] = [];
  private readonly debounceMs: number;
  private readonly mapRoots: Set<unknown>;
  private readonly maxDelayMs: number;

  constructor(private readonly options: LoopPassOptions) {
    this.ledger = readServerLoopState(options.doc);
    this.mapRoots = new Set<unknown>(Object.values(mapParts(options.doc)));
    this.debounceMs = options.debounceMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 200;
  }

  /** The first pass, right after loading (a moment after, on a large map): an imported map gets its labels and flags. */
  start(): void {
    const now = Date.now();
    this.pending = { firstAt: now, lastAt: now };
    const large = mapParts(this.options.doc).links.size >= (this.options.largeFromLinks ?? LARGE_FROM_LINKS);
    if (this.state.kind === 'idle') this.schedule({ now: true, first: large });
  }

  /** Called after every change not made by the server. */
  changed(transaction: Y.Transaction): void {
    if (this.state.kind === 'closed' || !this.touchesMap(transaction)) return;
    this.version += 1;
    const now = Date.now();
    if (this.pending) this.pending.lastAt = now;
    else this.pending = { firstAt: now, lastAt: now };
    // A scheduled pass looks at `pending` when its timer fires, so a keystroke only notes the
    // time: no timer work on every update.
    if (this.state.kind === 'idle' || (this.state.kind === 'scheduled' && this.state.first)) this.schedule();
  }

  /** The loops of the map as it is now: at once if known, else after a pass (run without delay). */
  loops(): Promise<LoopsAnswer> {
    if (this.state.kind === 'closed') return Promise.resolve(CLOSED);
    if (this.latest?.version === this.version) return Promise.resolve(this.latest.answer);
    return new Promise((settle) => {
      this.waiters.push({ version: this.version, settle });
      if (this.state.kind !== 'running') this.schedule();
    });
  }

  /** Drops what is scheduled; a job still on the worker is ignored when it comes back. */
  close(): void {
    if (this.state.kind === 'scheduled') clearTimeout(this.state.timer);
    this.state = { kind: 'closed' };
    for (const waiter of this.waiters.splice(0)) waiter.settle(CLOSED);
  }

  /**
   * True if `transaction` changed one of the map's parts (SPEC §2), which is all the analysis and
   * the labels and flags are made of. Anything else in the document (an outside tool's own data)
   * cannot change the loops, so it starts no pass.
   */
  private touchesMap(transaction: Y.Transaction): boolean {
    for (const type of transaction.changed.keys()) {
      let root = type;
      while (root._item !== null) root = root._item.parent as typeof type;
      if (this.mapRoots.has(root)) return true;
    }
    return false;
  }

  private isClosed(): boolean {
    return this.state.kind === 'closed';
  }

  private schedule({ now = false, first = false } = {}): void {
    if (this.state.kind === 'scheduled') clearTimeout(this.state.timer);
    const delay = first ? (this.options.firstPassDelayMs ?? FIRST_PASS_DELAY_MS) : now ? 0 : this.msUntilDue();
    const timer = setTimeout(this.fire, delay);
    timer.unref();
    this.state = { kind: 'scheduled', timer, runNow: now, first };
  }

  /** How long to wait for more changes: none if someone waits for the answer. */
  private msUntilDue(): number {
    if (this.waiters.length > 0) return 0;
    const at = Date.now();
    const pending = this.pending ?? { firstAt: at, lastAt: at };
    return Math.max(0, Math.min(pending.lastAt + this.debounceMs, pending.firstAt + this.maxDelayMs) - at);
  }

  private readonly fire = (): void => {
    if (this.state.kind !== 'scheduled') return;
    // Changes came in since the timer was set: wait out the rest of the quiet time.
    const waitMs = this.state.runNow ? 0 : this.msUntilDue();
    if (waitMs > 0) {
      this.state.timer = setTimeout(this.fire, waitMs);
      this.state.timer.unref();
      return;
    }
    void this.run();
  };

  private async run(): Promise<void> {
    if (this.isClosed()) return;
    this.state = { kind: 'running' };
    this.pending = null;
    try {
      await this.pass();
    } catch (error) {
      // Not retried until the next change: the same map would fail the same way.
      this.options.log.error({ map: this.options.mapId, err: error }, 'loop pass failed');
      this.settleWaiters(this.version, { kind: 'failed', reason: 'error', message: 'the loop pass failed' });
    }
    if (this.isClosed()) return;
    this.state = { kind: 'idle' };
    if (this.pending !== null || this.waiters.length > 0) this.schedule();
  }

  private async pass(): Promise<void> {
    const { doc, log, mapId, pool, maxLoops } = this.options;
    if (restoreServerLoopState(doc, this.ledger, SERVER_ORIGIN)) {
      log.warn({ map: mapId }, 'a client wrote to labels or flags; put them back');
    }
    // Two people drew the same link at once: the earliest stays, the other goes, so that
    // deleting the link later deletes it (a hidden duplicate would take its place).
    const duplicates = cleanUpDuplicateLinks(doc, { name: SERVER_NAME }, SERVER_ORIGIN);
    if (duplicates > 0) log.info({ map: mapId, duplicates }, 'deleted links drawn twice at the same time');
    // Writing may have failed in storage, and the room closed.
    if (this.isClosed()) return;
    let version = this.version;
    const job = loopJob(doc, this.ledger, maxLoops);
    const print = fingerprint(job.input);
    if (this.analysed?.fingerprint === print) {
      // Only typing or moving since the last pass: its answer stands, and its writes are done.
      this.finish(version, this.analysed.answer);
      return;
    }
    const started = performance.now();
    const outcome = await pool.run(job);
    if (this.isClosed()) return;
    const stale = this.movedPast(version, print);
    if (!stale) version = this.version;
    if (outcome.kind === 'failed') {
      log.warn({ map: mapId, reason: outcome.reason, message: outcome.message }, 'loop analysis failed; skipped this pass');
      this.finish(version, { kind: 'failed', reason: outcome.reason, message: outcome.message });
      return;
    }
    const { plan, truncated, loopsJson, loopCount } = outcome.result;
    const answer: LoopsAnswer = { kind: 'done', truncated, loopsJson };
    // A stale plan may be wrong for the map as it is now; the next pass is already due.
    let written = false;
    if (!stale) {
      written = await this.write(plan, print);
      if (this.isClosed()) return;
      if (written) {
        this.analysed = { fingerprint: print, answer };
        version = this.version;
      }
    }
    log.debug(
      {
        map: mapId,
        loops: loopCount,
        truncated,
        labels: Object.keys(plan.addLabels).length,
        flagged: plan.addFlags.length,
        unflagged: plan.removeFlags.length,
        written,
        ms: Math.round(performance.now() - started),
      },
      'loop pass',
    );
    this.finish(version, answer);
  }

  /**
   * True if the map changed since `version` in a way that touches the loops. Typing and moving
   * do not: they must not hold back a result, or a busy map would never get its flags.
   */
  private movedPast(version: number, print: string): boolean {
    return version !== this.version && fingerprint(analysisInput(this.options.doc)) !== print;
  }

  /**
   * Writes a plan a slice at a time (see slicesOf). Stops (false) if the room closes or the
   * loops change in between; the next pass plans what is left.
   */
  private async write(plan: LoopStatePlan, print: string): Promise<boolean> {
    for (const [index, slice] of slicesOf(plan).entries()) {
      if (index > 0) {
        const version = this.version;
        await new Promise((resolve) => setImmediate(resolve));
        if (this.isClosed() || this.movedPast(version, print)) return false;
      }
      applyLoopStatePlan(this.options.doc, this.ledger, slice, SERVER_ORIGIN);
    }
    return true;
  }

  private finish(version: number, answer: LoopsAnswer): void {
    // A timeout would only time out again on the same map; other failures may pass next time.
    if (answer.kind === 'done' || answer.reason === 'timeout') this.latest = { version, answer };
    this.settleWaiters(version, answer);
  }

  /** Answers everyone who asked about the map as of `version` or before. */
  private settleWaiters(version: number, answer: LoopsAnswer): void {
    const waiting = this.waiters.splice(0);
    for (const waiter of waiting) {
      if (waiter.version <= version) waiter.settle(answer);
      else this.waiters.push(waiter);
    }
  }
}
