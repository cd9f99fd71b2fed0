/** The wall's plain state (dashboard/wall/state.ts): the recently-called strip and the names it shows. */
import { describe, expect, it } from 'vitest';
import { HallState } from '../../dashboard/wall/state.ts';
import type { Visit } from '../../shared/types.ts';
import { waitingVisit } from '../support/visit.ts';

const visit = (id: string, o: Partial<Visit> = {}): Visit => waitingVisit({ id, ticket: id.toUpperCase(), ...o });
const called = (id: string, counter: string, second: number): Visit =>
  visit(id, { state: 'called', counter, calledAt: `2026-03-02T09:10:${String(second).padStart(2, '0')}.000Z` });
const strip = (s: HallState) => s.recentCalls.map((c) => `${c.ticket}@${c.counter}`);

describe('recently called', () => {
  it('keeps the last five calls, newest first', () => {
    const s = new HallState();
    for (let i = 1; i <= 7; i++) s.applyVisit(called(`b00${i}`, String(((i - 1) % 3) + 1), i));
    expect(strip(s)).toEqual(['B007@1', 'B006@3', 'B005@2', 'B004@1', 'B003@3']);
  });

  it('keeps a call after its visit is served and completed, and shows a ticket once (a recall moves it to the front)', () => {
    const s = new HallState();
    s.applyVisit(called('b001', '1', 1));
    s.applyVisit(called('b002', '2', 2));
    s.applyVisit({ ...called('b001', '1', 1), state: 'serving', startedAt: '2026-03-02T09:10:30.000Z' });
    s.applyVisit({ ...called('b001', '1', 1), state: 'completed', endedAt: '2026-03-02T09:12:00.000Z' });
    expect(strip(s)).toEqual(['B002@2', 'B001@1']);
    s.applyVisit(called('b002', '3', 40)); // recalled to another counter
    expect(strip(s)).toEqual(['B002@3', 'B001@1']);
  });

  it('after a reconnection, adds the calls still at a counter to those seen live, without repeating any', () => {
    const s = new HallState();
    s.applyVisit(called('b001', '1', 1));
    s.applyVisit({ ...called('b001', '1', 1), state: 'completed' });
    s.applySnapshot({
      serverTime: '2026-03-02T09:11:00.000Z',
      branch: 't1',
      visits: [called('b002', '2', 5), visit('b003')],
      alerts: [],
    });
    s.applySnapshot({
      serverTime: '2026-03-02T09:11:01.000Z',
      branch: 't1',
      visits: [called('b002', '2', 5)],
      alerts: [],
    });
    expect(strip(s)).toEqual(['B002@2', 'B001@1']);
  });
});

describe('staff names', () => {
  it('come from the duty board a wall may read', () => {
    const s = new HallState();
    s.applySnapshot({
      serverTime: '2026-03-02T09:11:00.000Z',
      branch: 't1',
      visits: [],
      alerts: [],
      duty: {
        branch: 't1',
        staff: [{ staffId: 'm01', name: '赵敏', roles: ['manager'], status: 'off-duty', since: null }],
        onDuty: 0,
        onBreak: 0,
        greetersOnDuty: 0,
      },
    });
    expect(s.staffNames.get('m01')).toBe('赵敏');
  });
});
