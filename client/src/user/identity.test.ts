import { describe, expect, it } from 'vitest';
import { PERSON_COLORS, colorForName, shortNameOf } from './identity';

describe('how people are named and coloured', () => {
  it('keeps a whole name that fits, and shortens a long one at a word', () => {
    expect(shortNameOf('Dr Ben Okafor')).toBe('Dr Ben Okafor');
    expect(shortNameOf('  Ana   Lopes ')).toBe('Ana Lopes');
    expect(shortNameOf('Dr Benedict Okafor-Smythe (GP)')).toBe('Dr Benedict…');
    expect(shortNameOf('Maximilianobartholomew the third')).toBe('Maximilianobartholo…');
    expect(shortNameOf('')).toBe('?');
  });

  it('never gives a person the blue of one’s own selection', () => {
    expect(PERSON_COLORS).not.toContain('#1d4ed8');
    expect(PERSON_COLORS).toContain(colorForName('Dr Ben Okafor'));
  });
});
