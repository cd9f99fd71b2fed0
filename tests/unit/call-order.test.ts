/** The call order counters use and the kiosk counts by, and the label of what a customer holds. */
import { describe, expect, it } from 'vitest';
import { aheadOf, callQueue } from '../../shared/call-order.ts';
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

describe('the ticket a customer holds', () => {
  it('shows the provisional number beside the ticket, full-width in Chinese', () => {
    expect(ticketLabel({ ticket: 'A012', provisionalTicket: '临-001' })).toBe('A012（临-001）');
    expect(ticketLabel({ ticket: 'A012', provisionalTicket: '临-001' }, 'en')).toBe('A012 (临-001)');
    expect(ticketLabel({ ticket: 'A012', provisionalTicket: null })).toBe('A012');
  });
});
