import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { importIntoDoc, parseExportDocument } from '../../shared/src/export-document.js';
import { mapParts } from '../../shared/src/schema.js';
import { runLoopJob } from '../../server/src/loop-job.js';
import { LoopPass, SERVER_ORIGIN } from '../../server/src/loop-pass.js';
import type { LoopRunner } from '../../server/src/loop-pool.js';

// The first pass on a large imported map writes its labels and flags a moment after the map
// opens, so that the first person to open it sees it drawn first; a change or a question for
// the loops does not wait, and a small map does not wait at all. Here the dementia case (12
// statements) stands in for a large map by making every map large (`largeFromLinks: 0`).

const runner: LoopRunner = { run: (job) => Promise.resolve({ kind: 'done', result: runLoopJob(job) }) };

function dementiaCase(): Y.Doc {
  const parsed = parseExportDocument(JSON.parse(readFileSync(new URL('../fixtures/dementia-case.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error(parsed.message);
  const doc = new Y.Doc();
  importIntoDoc(doc, parsed.document);
  return doc;
}

function passOn(doc: Y.Doc, largeFromLinks = 0): LoopPass {
  const pass = new LoopPass({ mapId: 'm', doc, pool: runner, log: pino({ level: 'silent' }), maxLoops: 100, firstPassDelayMs: 1500, largeFromLinks });
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin !== SERVER_ORIGIN) pass.changed(transaction);
  });
  return pass;
}

describe('the first loop pass', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('labels and flags a small imported map at once', async () => {
    const doc = dementiaCase();
    passOn(doc, 200).start();
    await vi.advanceTimersByTimeAsync(10);
    expect(mapParts(doc).flags.size).toBe(3);
  });

  it('labels and flags a large imported map once the map has been open a moment', async () => {
    const doc = dementiaCase();
    const { flags, labels } = mapParts(doc);
    passOn(doc).start();
    await vi.advanceTimersByTimeAsync(1400);
    expect(labels.size).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(flags.size).toBe(3);
    expect(labels.size).toBe(5);
  });

  it('does not wait when someone changes the map meanwhile', async () => {
    const doc = dementiaCase();
    const { flags, meta } = mapParts(doc);
    passOn(doc).start();
    meta.set('title', 'Mrs A, week 2');
    await vi.advanceTimersByTimeAsync(300);
    expect(flags.size).toBe(3);
  });

  it('does not keep a question for the loops waiting', async () => {
    const doc = dementiaCase();
    const pass = passOn(doc);
    pass.start();
    const answer = pass.loops();
    await vi.advanceTimersByTimeAsync(10);
    expect(await answer).toMatchObject({ kind: 'done', truncated: false });
    expect(mapParts(doc).flags.size).toBe(3);
  });
});
