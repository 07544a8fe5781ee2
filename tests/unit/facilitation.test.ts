import {
  endGathering,
  gatheringOn,
  isAnonymous,
  readGathering,
  readSpotlight,
  setAnonymous,
  setSpotlight,
  startGathering,
} from '@causal-map/shared/facilitation';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { frozenAuthor } from './helpers/authors.js';

describe('facilitation in the document', () => {
  it('keeps a spotlight with who set it, for every peer, until it is ended', () => {
    const doc = new Y.Doc();
    const other = new Y.Doc();
    setSpotlight(doc, 'statement:s4', frozenAuthor('Ana', 5_000));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(readSpotlight(other)).toEqual({ on: 'statement:s4', by: 'Ana', at: 5_000 });
    setSpotlight(other, null, frozenAuthor('Ben', 6_000));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(readSpotlight(doc)).toBeNull();
  });

  it('ignores a spotlight a foreign writer left in a shape it does not know', () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('spotlight', { on: 'cupboard:3' });
    expect(readSpotlight(doc)).toBeNull();
    doc.getMap('meta').set('spotlight', 'statement:s1');
    expect(readSpotlight(doc)).toBeNull();
  });

  it('runs a gathering round for its minutes, and ends it early on request', () => {
    const doc = new Y.Doc();
    startGathering(doc, 5, frozenAuthor('Ana', 60_000));
    const round = readGathering(doc);
    expect(round).toEqual({ startedAt: 60_000, endsAt: 360_000, by: 'Ana' });
    expect(gatheringOn(round, 59_999)).toBe(false);
    expect(gatheringOn(round, 60_000)).toBe(true);
    expect(gatheringOn(round, 359_999)).toBe(true);
    expect(gatheringOn(round, 360_000)).toBe(false);
    endGathering(doc);
    expect(readGathering(doc)).toBeNull();
    expect(gatheringOn(null, 100_000)).toBe(false);
  });

  it('marks a map anonymous', () => {
    const doc = new Y.Doc();
    expect(isAnonymous(doc)).toBe(false);
    setAnonymous(doc);
    expect(isAnonymous(doc)).toBe(true);
  });
});
