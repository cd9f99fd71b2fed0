/** The call order counters use and the kiosk counts by, who a counter calls next, and the label of what a customer holds. */
import { describe, expect, it } from 'vitest';
import { aheadOf, callQueue } from '../../shared/call-order.ts';
import { nextToCall } from '../../server/routes/staff.ts';
import { ticketLabel } from '../../shared/ticket-label.ts';
import type { Visit } from '../../shared/types.ts';
import { waitingVisit } from '../support/visit.ts';

let n = 0;
function visit(over: Partial<Visit>): Visit {
  n += 1;
  const ticket = `A${String(n).padStart(3, '0')}`;
  return waitingVisit({
    id: `v${n}`,
    ticket,
    line: 'property',
    arrivedAt: new Date(Date.UTC(2026, 0, 5, 1, n)).toISOString(),
    ...over,
  });
}

describe('the call order', () => {
  const early = visit({});
  const mine = visit({});
  const vipOtherLine = visit({ line: 'life', vip: true });
  const needsOtherLine = visit({ line: 'pension', specialNeeds: ['elderly'] });
  const called = visit({ state: 'called' });
  const later = visit({});
  const all = [later, called, needsOtherLine, vipOtherLine, mine, early];

  it('calls VIPs, then special needs, of any line, then by arrival; called visits are out of the queue', () => {
    expect(callQueue(all, ['vip', 'special-needs']).map((v) => v.id)).toEqual([
      vipOtherLine.id,
      needsOtherLine.id,
      early.id,
      mine.id,
      later.id,
    ]);
    expect(aheadOf(all, mine.id, ['vip', 'special-needs'])).toBe(3);
    expect(aheadOf(all, called.id, ['vip', 'special-needs'])).toBeNull();
  });

  it('with no priorities configured, arrival alone', () => {
    expect(aheadOf(all, mine.id, [])).toBe(1);
  });
});

describe('the queue order in its corners', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 6, 1, minute)).toISOString();

  it('a VIP with special needs comes before a VIP without them, and both before special needs alone', () => {
    const vip = visit({ vip: true, arrivedAt: at(1) });
    const needs = visit({ specialNeeds: ['wheelchair'], arrivedAt: at(0) });
    const both = visit({ vip: true, specialNeeds: ['elderly'], arrivedAt: at(2) });
    const plain = visit({ arrivedAt: at(0) });
    expect(callQueue([plain, needs, vip, both], ['vip', 'special-needs']).map((v) => v.id)).toEqual([
      both.id,
      vip.id,
      needs.id,
      plain.id,
    ]);
  });

  it("follows the branch's own order: special needs first when it puts them first", () => {
    const vip = visit({ vip: true, arrivedAt: at(0) });
    const needs = visit({ specialNeeds: ['pregnant'], arrivedAt: at(1) });
    expect(callQueue([vip, needs], ['special-needs', 'vip']).map((v) => v.id)).toEqual([needs.id, vip.id]);
    expect(callQueue([vip, needs], ['vip']).map((v) => v.id)).toEqual([vip.id, needs.id]);
  });

  it('two arrivals in the same instant go by ticket, whatever order the list holds them in', () => {
    const b = visit({ ticket: 'A102', arrivedAt: at(3) });
    const a = visit({ ticket: 'A101', arrivedAt: at(3) });
    expect(callQueue([b, a], []).map((v) => v.ticket)).toEqual(['A101', 'A102']);
    expect(callQueue([a, b], []).map((v) => v.ticket)).toEqual(['A101', 'A102']);
  });

  it('a greeted customer still waits in turn; called, serving and ended visits are not in the queue', () => {
    const greeted = visit({ greetedAt: at(5), greetedBy: 'g01', owner: 'g01', arrivedAt: at(4) });
    const serving = visit({ state: 'serving', arrivedAt: at(0) });
    const left = visit({ state: 'left', endedAt: at(6), arrivedAt: at(0) });
    const waiting = visit({ arrivedAt: at(5) });
    expect(callQueue([waiting, left, serving, greeted], []).map((v) => v.id)).toEqual([greeted.id, waiting.id]);
  });

  it('does not reorder the list it was given', () => {
    const first = visit({ arrivedAt: at(9) });
    const second = visit({ arrivedAt: at(8) });
    const list = [first, second];
    callQueue(list, []);
    expect(list).toEqual([first, second]);
  });
});

describe('the next customer a counter calls', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 7, 1, minute)).toISOString();

  it('is the head of the queue: by default VIPs, then special needs, then who came first', () => {
    const early = visit({ arrivedAt: at(0) });
    const needs = visit({ specialNeeds: ['elderly'], arrivedAt: at(2) });
    const vip = visit({ vip: true, arrivedAt: at(3) });
    expect(nextToCall([early, needs, vip])?.id).toBe(vip.id);
    expect(nextToCall([early, needs])?.id).toBe(needs.id);
    expect(nextToCall([early, needs, vip], [])?.id).toBe(early.id);
  });

  it('is nobody when nobody waits', () => {
    expect(nextToCall([])).toBeUndefined();
    expect(nextToCall([visit({ state: 'called' }), visit({ state: 'serving' })])).toBeUndefined();
  });

  it('is the customer the kiosk told "nobody ahead of you"', () => {
    const all = [visit({ arrivedAt: at(1) }), visit({ specialNeeds: ['wheelchair'], arrivedAt: at(4) })];
    const next = nextToCall(all, ['special-needs'])!;
    expect(aheadOf(all, next.id, ['special-needs'])).toBe(0);
  });
});

describe('the ticket a customer holds', () => {
  it('shows the provisional number beside the ticket, full-width in Chinese', () => {
    expect(ticketLabel({ ticket: 'A012', provisionalTicket: '临-001' })).toBe('A012（临-001）');
    expect(ticketLabel({ ticket: 'A012', provisionalTicket: '临-001' }, 'en')).toBe('A012 (临-001)');
    expect(ticketLabel({ ticket: 'A012', provisionalTicket: null })).toBe('A012');
  });
});
