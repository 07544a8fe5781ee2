import { describe, expect, it } from 'vitest';
import { followOwnNumbers } from './own-numbers';

describe('the numbers of my own statements', () => {
  it('says nothing when a number first appears or stays, and tells when it changes', () => {
    const own = followOwnNumbers();
    own.add('a');
    expect(own.check(new Map())).toBeNull();
    expect(own.check(new Map([['a', 9]]))).toBeNull();
    expect(own.check(new Map([['a', 9], ['b', 10]]))).toBeNull();
    expect(own.check(new Map([['b', 9], ['a', 10]]))).toBe('Your statement is now number 10: others added one meanwhile');
    expect(own.check(new Map([['b', 9], ['a', 10]]))).toBeNull();
  });

  it('puts several changes in one message', () => {
    const own = followOwnNumbers();
    own.add('a');
    own.add('b');
    own.check(new Map([['a', 3], ['b', 4]]));
    expect(own.check(new Map([['a', 5], ['b', 6]]))).toBe('Your statements are now numbers 5, 6: others added some meanwhile');
  });
});
