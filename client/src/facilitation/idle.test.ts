import { describe, expect, it } from 'vitest';
import { IDLE_AFTER_MS, IdleWatch } from './idle';

describe('idle people', () => {
  it('fades someone five minutes after their last activity was seen, and wakes them on the next', () => {
    const watch = new IdleWatch();
    const ben = { clientId: 2, active: 1_000, isSelf: false };
    // Ben's clock is an hour behind: only when his stamp changes counts, on this screen's clock.
    expect(watch.idle([ben], 3_600_000)).toEqual(new Set());
    expect(watch.idle([ben], 3_600_000 + IDLE_AFTER_MS - 1)).toEqual(new Set());
    expect(watch.idle([ben], 3_600_000 + IDLE_AFTER_MS)).toEqual(new Set([2]));
    expect(watch.idle([{ ...ben, active: 2_000 }], 3_600_000 + IDLE_AFTER_MS + 1)).toEqual(new Set());
  });

  it('never calls this person or a client without activity stamps idle', () => {
    const watch = new IdleWatch();
    const people = [
      { clientId: 1, active: 5, isSelf: true },
      { clientId: 3, active: null, isSelf: false },
    ];
    watch.idle(people, 0);
    expect(watch.idle(people, IDLE_AFTER_MS * 10)).toEqual(new Set());
  });
});
