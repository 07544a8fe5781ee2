import { describe, expect, it } from 'vitest';
import type { NumberedStatement } from '@causal-map/shared/map-view';
import { findStatements } from './find-statements';

const statement = (number: number, text: string): NumberedStatement => ({
  id: `s${number}`,
  number,
  text,
  x: 0,
  y: 0,
  valence: 'neutral',
  pinned: false,
  createdAt: 0,
  createdBy: '',
  deletedAt: null,
  deletedBy: null,
});

const map = [
  statement(1, "Mrs A's memory is getting worse"),
  statement(7, 'Fewer social contacts'),
  statement(12, 'Memory and daily skills decline faster'),
  statement(17, 'Daughter mentions 7 missed visits'),
];

describe('finding statements by number or text', () => {
  it('puts the statement with that number first', () => {
    expect(findStatements(map, '7').map((s) => s.number)).toEqual([7, 17]);
    expect(findStatements(map, '#12').map((s) => s.number)).toEqual([12]);
  });

  it('finds text case-insensitively, every word anywhere', () => {
    expect(findStatements(map, 'MEMORY').map((s) => s.number)).toEqual([1, 12]);
    expect(findStatements(map, 'decline memory').map((s) => s.number)).toEqual([12]);
  });

  it('finds nothing for an empty query or no match', () => {
    expect(findStatements(map, '  ')).toEqual([]);
    expect(findStatements(map, 'hospital')).toEqual([]);
  });
});
