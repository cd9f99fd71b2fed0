/** Who the staff console puts where: the customer at my counter, my own, the rest — and every clock a customer carries. */
import { describe, expect, it } from 'vitest';
import { atMyCounter, clocksFor, myCustomers, othersInHall } from '../../dashboard/staff/queue.ts';
import type { RuleClock, StaffPublic, Visit } from '../../shared/types.ts';
import { waitingVisit } from '../support/visit.ts';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const greeter: StaffPublic = { id: 'g01', name: '王芳', branch: 't1', roles: ['greeter'] };
const clerk: StaffPublic = { id: 'c01', name: '张伟', branch: 't1', roles: ['counter'] };
const host: StaffPublic = { id: 'v01', name: '陈静', branch: 't1', roles: ['greeter', 'vip-host'] };

function clock(id: RuleClock['id'], start: number, target: number): RuleClock {
  return {
    id,
    startedAt: iso(start),
    dueAt: iso(start + target),
    stoppedAt: null,
    stoppedBy: null,
    outcome: 'running',
    targetSeconds: target,
    warnAt: [0.8],
    stopsOn: 'greet',
    // As the built-in rule says: only a VIP host stops a VIP's dedicated-host clock.
    ...(id === 'vip-reception' ? { qualifies: ['vip-host' as const] } : {}),
  };
}

function visit(ticket: string, over: Partial<Visit> = {}): Visit {
  return waitingVisit({ id: `v-${ticket}`, ticket, arrivedAt: iso(0), rules: [clock('reception', 0, 240)], ...over });
}

describe('the customer at my counter', () => {
  const called = visit('B001', {
    state: 'called',
    counter: '2',
    owner: 'g01',
    greetedBy: 'g01',
    greetedAt: iso(10),
    calledAt: iso(20),
  });
  const serving = visit('B002', {
    state: 'serving',
    counter: '3',
    owner: 'g01',
    greetedBy: 'g01',
    greetedAt: iso(10),
    calledAt: iso(20),
    startedAt: iso(30),
  });
  const waiting = visit('B003', { owner: 'g01', greetedBy: 'g01', greetedAt: iso(10) });
  const all = [called, serving, waiting];

  it('is the clerk’s at that counter, whoever greeted them', () => {
    expect(atMyCounter(all, '2').map((v) => v.ticket)).toEqual(['B001']);
    expect(othersInHall(all, clerk, '2').map((v) => v.ticket)).toEqual(['B002', 'B003']);
    expect(atMyCounter(all, null)).toEqual([]);
  });

  it('stays in the owner’s own list when the owner sits elsewhere, and moves to the counter panel at their own counter', () => {
    expect(myCustomers(all, greeter, null).map((v) => v.ticket)).toEqual(['B001', 'B002', 'B003']);
    expect(myCustomers(all, greeter, '3').map((v) => v.ticket)).toEqual(['B001', 'B003']);
    expect(atMyCounter(all, '3').map((v) => v.ticket)).toEqual(['B002']);
  });

  it('puts the one called last first', () => {
    const later = visit('B004', { state: 'called', counter: '2', calledAt: iso(50) });
    expect(atMyCounter([called, later], '2').map((v) => v.ticket)).toEqual(['B004', 'B001']);
  });
});

describe('every clock a customer carries', () => {
  const vip = visit('V001', {
    vip: true,
    vipIdentifiedAt: iso(30),
    rules: [clock('reception', 0, 240), clock('vip-reception', 30, 120)],
  });

  it('shows a VIP host both clocks, soonest due first; a greeter only the one they can stop', () => {
    expect(clocksFor(vip, host).map((c) => [c.rule, c.dueAt - c.startedAt])).toEqual([
      ['vip-reception', 120_000],
      ['reception', 240_000],
    ]);
    expect(clocksFor(vip, greeter).map((c) => c.rule)).toEqual(['reception']);
  });

  it('drops a stopped clock', () => {
    const greeted = { ...vip, rules: [{ ...vip.rules[0]!, stoppedAt: iso(40), stoppedBy: 'g01' }, vip.rules[1]!] };
    expect(clocksFor(greeted, host).map((c) => c.rule)).toEqual(['vip-reception']);
  });
});
