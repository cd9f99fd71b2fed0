/**
 * Disputed clocks in the report (docs/rules.md §4): counted as breached and listed until a manager confirms the
 * replay; a day's rollup carries them exactly as the visits do. Figures worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { foldVisit } from '../../shared/visit.ts';
import { buildReport, ReportTally, summarize } from '../../shared/report.ts';
import { decodeRollup, encodeRollup } from '../../server/reports/rollup.ts';
import type { Actor, EventType, VisitEvent } from '../../shared/types.ts';

const TZ = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local}+08:00`);
const g01: Actor = { type: 'staff', id: 'g01', roles: ['greeter'] };
const m01: Actor = { type: 'staff', id: 'm01', roles: ['manager'] };
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };

let seq = 0;
function events(ticket: string, steps: [EventType, string, Actor, Record<string, unknown>, string?][]): VisitEvent[] {
  const e = (
    type: EventType,
    time: string,
    actor: Actor,
    payload: Record<string, unknown>,
    received?: string,
  ): VisitEvent => ({
    seq: ++seq,
    visitId: `visit-${ticket}`,
    branch: 't1',
    type,
    occurredAt: at(time),
    recordedAt: at(received ?? time),
    actor,
    payload,
  });
  return [
    e('checked-in', '2026-03-02T09:00:00', kiosk, {
      line: 'life',
      ticket,
      vip: null,
      specialNeeds: [],
      rules: {
        reception: { targetSeconds: 300, warnAt: [0.8] },
        'vip-reception': { targetSeconds: 180, warnAt: [0.8], qualifies: ['vip-host'] },
      },
    }),
    ...steps.map(([type, time, actor, payload, received]) => e(type, time, actor, payload, received)),
  ];
}
const options = { branch: 't1', from: '2026-03-02', to: '2026-03-02', timeZone: TZ, now: at('2026-03-02T20:00:00') };

describe('disputed clocks in the report', () => {
  // B001: greeting replayed as 09:01, received 09:07 after the breach went out → disputed.
  const disputed = events('B001', [
    ['greeted', '2026-03-02T09:01:00', g01, { disputes: ['reception'] }, '2026-03-02T09:07:00'],
  ]);
  // B002: greeted at 09:02, live → met.
  const met = events('B002', [['greeted', '2026-03-02T09:02:00', g01, {}]]);

  it('counts a disputed clock as breached and lists it with both times', () => {
    const r = buildReport(
      [disputed, met].map((e) => summarize(foldVisit(e)!, TZ)),
      options,
    );
    expect(r.rules.reception).toMatchObject({ met: 1, breached: 1, compliance: { numerator: 1, denominator: 2 } });
    expect(r.disputed).toEqual([
      {
        visitId: 'visit-B001',
        ticket: 'B001',
        line: 'life',
        rule: 'reception',
        arrivedAt: new Date(at('2026-03-02T09:00:00')).toISOString(),
        dueAt: new Date(at('2026-03-02T09:05:00')).toISOString(),
        replayedAt: new Date(at('2026-03-02T09:01:00')).toISOString(),
        receivedAt: new Date(at('2026-03-02T09:07:00')).toISOString(),
      },
    ]);
    // In the breach list too, late until the server heard of the replay: 09:05 → 09:07 = 120 s.
    expect(r.breaches).toEqual([
      expect.objectContaining({
        ticket: 'B001',
        lateBySeconds: 120,
        greetedAt: new Date(at('2026-03-02T09:01:00')).toISOString(),
      }),
    ]);
  });

  it('takes the replayed outcome once a manager confirms it', () => {
    const confirmed = [
      ...disputed,
      ...events('B001', [
        ['replay-confirmed', '2026-03-02T10:00:00', m01, { rule: 'reception', reason: 'tablet offline' }],
      ]).slice(1),
    ];
    const r = buildReport(
      [confirmed, met].map((e) => summarize(foldVisit(e)!, TZ)),
      options,
    );
    expect(r.rules.reception).toMatchObject({ met: 2, breached: 0, compliance: { numerator: 2, denominator: 2 } });
    expect(r.disputed).toEqual([]);
  });

  it("keeps the disputed list through a day's rollup", () => {
    const day = new ReportTally('2026-03-02', '2026-03-02');
    for (const e of [disputed, met]) day.addVisit(summarize(foldVisit(e)!, TZ), options.now);
    const stored = encodeRollup(day);
    const range = new ReportTally('2026-03-02', '2026-03-02');
    range.addTally(decodeRollup('2026-03-02', stored.figures, stored.durations));
    expect(range.report(options).disputed).toEqual(
      buildReport(
        [disputed, met].map((e) => summarize(foldVisit(e)!, TZ)),
        options,
      ).disputed,
    );
  });
});
