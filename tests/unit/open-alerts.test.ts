/**
 * The open alerts every screen and the server's snapshot cache keep (applyToOpenAlerts): what a pushed
 * alert adds, replaces and takes away.
 */
import { describe, expect, it } from 'vitest';
import { applyToOpenAlerts } from '../../shared/alerts.ts';
import type { Alert } from '../../shared/types.ts';

function alert(over: Partial<Alert> & Pick<Alert, 'id' | 'kind'>): Alert {
  return {
    visitId: 'v1',
    branch: 't1',
    ticket: 'A001',
    line: 'property',
    rule: 'reception',
    dueAt: '2026-03-02T01:04:00.000Z',
    clockDueAt: '2026-03-02T01:05:00.000Z',
    firedAt: '2026-03-02T01:04:00.000Z',
    late: false,
    vip: false,
    specialNeeds: [],
    ...over,
  };
}

const warning = alert({ id: 'v1:reception:warn-0.8', kind: 'warning' });
const breach = alert({ id: 'v1:reception:breach', kind: 'breach', dueAt: '2026-03-02T01:05:00.000Z' });
const vipBreach = alert({ id: 'v1:vip-reception:breach', kind: 'breach', rule: 'vip-reception' });
const otherVisit = alert({ id: 'v2:reception:breach', kind: 'breach', visitId: 'v2', ticket: 'A002' });

function open(...alerts: Alert[]): Map<string, Alert> {
  const m = new Map<string, Alert>();
  for (const a of alerts) applyToOpenAlerts(m, a);
  return m;
}

describe('the open alerts', () => {
  it('keeps each warning, breach and escalation by id', () => {
    const escalation = alert({ id: `${breach.id}:escalation`, kind: 'escalation' });
    expect([...open(warning, breach, escalation).keys()]).toEqual([warning.id, breach.id, escalation.id]);
  });

  it('a later copy of an alert (acknowledged, say) replaces the earlier one, not beside it', () => {
    const acked = { ...breach, acknowledgedBy: 'm01', acknowledgedAt: '2026-03-02T01:06:00.000Z', note: '已处理' };
    const m = open(breach, acked);
    expect(m.size).toBe(1);
    expect(m.get(breach.id)?.acknowledgedBy).toBe('m01');
  });

  it("a resolution closes every alert of that visit's rule, and only those", () => {
    const resolved = alert({ id: 'v1:reception:resolved', kind: 'resolved', reason: 'greeted-late' });
    const m = open(warning, breach, vipBreach, otherVisit, resolved);
    expect([...m.keys()]).toEqual([vipBreach.id, otherVisit.id]);
  });

  it('a resolution itself is never kept, even when nothing was open', () => {
    expect(open(alert({ id: 'v9:reception:resolved', kind: 'resolved', visitId: 'v9' })).size).toBe(0);
  });

  it('an alert that comes with its resolution already (the day list, a resync) goes', () => {
    const closed = { ...breach, resolvedAt: '2026-03-02T01:07:00.000Z', resolvedReason: 'greeted' };
    expect([...open(breach, otherVisit, closed).keys()]).toEqual([otherVisit.id]);
    expect(open(closed).size).toBe(0);
  });
});
