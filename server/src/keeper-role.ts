import type { Logger } from 'pino';
import type * as Y from 'yjs';
import type { Keepers } from './cluster.js';
import { type LoopsAnswer, LoopPass, labelledJob, loopsWithoutWriting } from './loop-pass.js';
import type { LoopRunner } from './loop-pool.js';

export interface KeeperRoleOptions {
  mapId: string;
  doc: Y.Doc;
  keepers: Keepers;
  loopPool: LoopRunner;
  maxLoops: number;
  log: Logger;
  /** Brings the document level with storage before the role starts (several nodes). */
  catchUp: () => Promise<void>;
  isOpen: () => boolean;
  /** Called once the role is taken. */
  started: () => void;
}

/**
 * One room's part in keeping its map's labels and flags (SPEC §5, §8): while this node holds
 * the map's keeper lock it runs the loop pass; otherwise it only works loops out when asked,
 * writing nothing. The lock is taken after catching up with storage, so labels are handed out
 * knowing every label the last keeper wrote.
 */
export class KeeperRole {
  private loopPass: LoopPass | null = null;
  private held = false;
  private attempt: Promise<void> | null = null;

  constructor(private readonly options: KeeperRoleOptions) {}

  get isKeeper(): boolean {
    return this.held;
  }

  /** Takes the role if no other node has it; one attempt at a time. */
  tryToKeep(): Promise<void> {
    this.attempt ??= this.take().finally(() => {
      this.attempt = null;
    });
    return this.attempt;
  }

  /** A change not made by the keeper itself: the loop pass looks again. */
  changed(transaction: Y.Transaction): void {
    this.loopPass?.changed(transaction);
  }

  /** The map's loops as of now: the loop pass's if kept here, else worked out without writing. */
  loops(): Promise<LoopsAnswer> {
    if (this.loopPass) return this.loopPass.loops();
    return loopsWithoutWriting(labelledJob(this.options.doc, this.options.maxLoops), this.options.loopPool);
  }

  /** Stops the loop pass at once: nothing may write to a closing map. */
  stop(): void {
    this.loopPass?.close();
    this.loopPass = null;
  }

  /** This node lost the role without asking (its lock connection broke). */
  lost(): void {
    if (!this.held) return;
    this.held = false;
    this.stop();
    this.options.log.warn({ map: this.options.mapId }, 'lost the keeper role');
  }

  /** Gives the role up (the map is unloaded here). */
  async release(): Promise<void> {
    this.stop();
    if (!this.held) return;
    this.held = false;
    await this.options.keepers.release(this.options.mapId).catch((error: unknown) => {
      this.options.log.warn({ map: this.options.mapId, err: error }, 'could not give up the keeper role');
    });
  }

  private async take(): Promise<void> {
    const { keepers, mapId, log, isOpen } = this.options;
    if (this.held || !isOpen()) return;
    let acquired = false;
    try {
      acquired = await keepers.acquire(mapId);
    } catch (error) {
      log.warn({ map: mapId, err: error }, 'could not ask for the keeper role');
      return;
    }
    if (!acquired) return;
    if (!isOpen()) {
      await keepers.release(mapId).catch(() => {});
      return;
    }
    this.held = true;
    await this.options.catchUp();
    if (!isOpen() || !this.held || this.loopPass) return;
    this.loopPass = new LoopPass({ mapId, doc: this.options.doc, pool: this.options.loopPool, log, maxLoops: this.options.maxLoops });
    this.loopPass.start();
    this.options.started();
    log.debug({ map: mapId }, 'keeping the map');
  }
}
