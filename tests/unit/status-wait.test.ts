/** What the customer's page says of their turn (shared/status.ts): their state and the estimated wait. */
import { describe, expect, it } from 'vitest';
import { customerState, estimatedWaitSeconds, queuePace } from '../../shared/status.ts';

const NOW = Date.parse('2026-03-02T03:00:00Z');
const MIN = 60_000;

describe('the customer state', () => {
  it('is waiting, called or serving while open, and done however the visit ended', () => {
    expect(customerState('waiting')).toBe('waiting');
    expect(customerState('called')).toBe('called');
    expect(customerState('serving')).toBe('serving');
    for (const s of ['completed', 'left', 'no-show', 'cancelled', 'closed'] as const)
      expect(customerState(s)).toBe('done');
  });
});

describe('the estimated wait', () => {
  it('counts the calls of the last half hour only', () => {
    expect(queuePace([], NOW)).toBeNull();
    expect(queuePace([NOW - 31 * MIN], NOW)).toBeNull();
    expect(queuePace([NOW - 29 * MIN, NOW - 10 * MIN, NOW - MIN], NOW)).toBeCloseTo(3 / 30);
    expect(queuePace([NOW + MIN], NOW)).toBeNull();
  });

  it('is (ahead + 1) ÷ pace, rounded up to a whole minute; none without a pace or when not waiting', () => {
    expect(estimatedWaitSeconds(0, 0.5)).toBe(2 * 60);
    expect(estimatedWaitSeconds(2, 0.5)).toBe(6 * 60);
    expect(estimatedWaitSeconds(1, 3 / 30)).toBe(20 * 60);
    expect(estimatedWaitSeconds(4, 0.7)).toBe(Math.ceil(5 / 0.7) * 60);
    expect(estimatedWaitSeconds(3, null)).toBeNull();
    expect(estimatedWaitSeconds(null, 1)).toBeNull();
  });
});
