import { describe, expect, it } from 'vitest';
import type { Peer } from '../map/map-state';
import { newSummons } from './summons';

const viewport = { x: 10, y: 20, zoom: 0.8 };
const person = (clientId: number, name: string, extra: Partial<Peer> = {}): Peer => ({
  clientId,
  name,
  color: '#123456',
  cursor: null,
  selection: [],
  isSelf: false,
  viewOnly: false,
  viewport: null,
  following: null,
  active: null,
  summon: null,
  ...extra,
});

describe('bring everyone here', () => {
  it('answers each call once, and never one of its own or from someone who can only view', () => {
    const answered = new Set<string>();
    const peers = [
      person(1, 'Me', { isSelf: true, summon: { id: 'mine', viewport } }),
      person(2, 'Ana', { summon: { id: 'a1', viewport } }),
      person(3, 'Vic', { viewOnly: true, summon: { id: 'v1', viewport } }),
      person(4, 'Ben'),
    ];
    expect(newSummons(peers, answered).map((peer) => peer.name)).toEqual(['Ana']);
    expect(newSummons(peers, answered)).toEqual([]);
    peers[1] = person(2, 'Ana', { summon: { id: 'a2', viewport } });
    expect(newSummons(peers, answered).map((peer) => peer.summon.id)).toEqual(['a2']);
  });
});
