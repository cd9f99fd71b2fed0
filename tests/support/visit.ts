/** A waiting visit with nothing happened yet, for unit tests of the pages' and the queue's pure parts. */
import type { Visit } from '../../shared/types.ts';

export function waitingVisit(over: Partial<Visit> & Pick<Visit, 'id' | 'ticket'>): Visit {
  return {
    branch: 't1',
    provisionalTicket: null,
    line: 'life',
    vip: false,
    memberNo: null,
    vipIdentifiedAt: null,
    specialNeeds: [],
    arrivedAt: '2026-03-02T09:00:00.000Z',
    greetedAt: null,
    greetedBy: null,
    owner: null,
    counter: null,
    calledAt: null,
    startedAt: null,
    endedAt: null,
    state: 'waiting',
    imported: false,
    rules: [],
    rating: null,
    ...over,
  };
}
