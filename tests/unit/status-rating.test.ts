/** The `rated` event in the pure core: read after the visit ended, given once, only for a completed visit. */
import { describe, expect, it } from 'vitest';
import { foldVisit, toVisit } from '../../shared/visit.ts';
import { ratingRefusal, ratingSchema } from '../../shared/rating.ts';
import type { Actor, EventType, VisitEvent } from '../../shared/types.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z');
const S = 1000;
const clerk: Actor = { type: 'staff', id: 'c01', roles: ['counter'] };
const phone: Actor = { type: 'customer', id: 'status-link' };

let seq = 0;
function ev(type: EventType, at: number, actor: Actor = clerk, payload: Record<string, unknown> = {}): VisitEvent {
  return { seq: ++seq, visitId: 'v1', branch: 'b', type, occurredAt: at, recordedAt: at, actor, payload };
}
const served = () => [
  ev('checked-in', T0, { type: 'device', id: 'kiosk-1' }, { line: 'life', ticket: 'B001', vip: null, rules: {} }),
  ev('called', T0 + 60 * S, clerk, { counter: '2' }),
  ev('service-started', T0 + 90 * S, clerk, { counter: '2' }),
  ev('completed', T0 + 600 * S),
];

describe('a rating in the fold', () => {
  it('is kept though it comes after the visit ended, with when and where it was given', () => {
    const rated = ev('rated', T0 + 700 * S, phone, { score: 4, tags: ['quick'], comment: '很好', via: 'phone' });
    const fold = foldVisit([...served(), rated])!;
    expect(fold.state).toBe('completed');
    expect(fold.endedAt).toBe(T0 + 600 * S);
    expect(fold.rating).toEqual({ score: 4, tags: ['quick'], comment: '很好', at: T0 + 700 * S, via: 'phone' });
    expect(toVisit(fold, T0 + 800 * S).rating).toEqual({
      score: 4,
      tags: ['quick'],
      comment: '很好',
      at: new Date(T0 + 700 * S).toISOString(),
      via: 'phone',
    });
  });

  it('is null until given', () => {
    expect(toVisit(foldVisit(served())!, T0 + 800 * S).rating).toBeNull();
  });
});

describe('who may rate', () => {
  it('refuses a visit not completed, and a second rating', () => {
    const waiting = foldVisit(served().slice(0, 1))!;
    expect(ratingRefusal(waiting)?.code).toBe('not-served');
    const left = foldVisit([...served().slice(0, 1), ev('left', T0 + 60 * S)])!;
    expect(ratingRefusal(left)?.code).toBe('not-served');
    const done = foldVisit(served())!;
    expect(ratingRefusal(done)).toBeNull();
    const rated = foldVisit([...served(), ev('rated', T0 + 700 * S, phone, { score: 5, via: 'phone' })])!;
    expect(ratingRefusal(rated)?.code).toBe('already-rated');
  });

  it('reads 1–5 stars, known tags once each, and an optional comment', () => {
    expect(ratingSchema.parse({ score: 5 })).toEqual({ score: 5, tags: [], comment: null });
    expect(ratingSchema.parse({ score: 1, tags: ['long-wait', 'long-wait'], comment: '  等太久  ' })).toEqual({
      score: 1,
      tags: ['long-wait'],
      comment: '等太久',
    });
    for (const bad of [{ score: 0 }, { score: 6 }, { score: 2.5 }, { score: 3, tags: ['nope'] }, { score: 3, x: 1 }])
      expect(ratingSchema.safeParse(bad).success).toBe(false);
  });
});
