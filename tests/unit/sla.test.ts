/** docs/rules.md §2 rule semantics on the pure core, with a fake clock (times are plain numbers). */
import { describe, expect, it } from 'vitest';
import { alertInstants, foldVisit, outcomeOf, toVisit } from '../../shared/visit.ts';
import { decide } from '../../shared/commands.ts';
import { effectiveRules, ruleVersions } from '../../shared/rules.ts';
import { localDay } from '../../shared/time.ts';
import type { Actor, EventType, VisitEvent } from '../../shared/types.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const S = 1000;
const greeter: Actor = { type: 'staff', id: 'g01', roles: ['greeter'] };
const host: Actor = { type: 'staff', id: 'v01', roles: ['greeter', 'vip-host'] };
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };

let seq = 0;
function ev(type: EventType, at: number, actor: Actor = greeter, payload: Record<string, unknown> = {}): VisitEvent {
  return { seq: ++seq, visitId: 'v1', branch: 'b', type, occurredAt: at, recordedAt: at, actor, payload };
}
function checkIn(at: number, opts: { vip?: boolean; reception?: number; vipTarget?: number } = {}): VisitEvent {
  return ev('checked-in', at, kiosk, {
    line: 'life',
    ticket: opts.vip ? 'V001' : 'B001',
    vip: opts.vip ? { memberNo: '12345678' } : null,
    specialNeeds: [],
    rules: {
      reception: { targetSeconds: opts.reception ?? 300, warnAt: [0.8] },
      'vip-reception': { targetSeconds: opts.vipTarget ?? 180, warnAt: [0.8], qualifies: ['vip-host'] },
    },
  });
}
function outcome(events: VisitEvent[], rule: string, now: number) {
  const fold = foldVisit(events)!;
  const clock = fold.clocks.find((c) => c.id === rule);
  return clock ? outcomeOf(clock, fold.endedAt, now) : undefined;
}

describe('reception clock (5 minutes from arrival)', () => {
  it('is met when the greeting comes exactly at the target', () => {
    const events = [checkIn(T0), ev('greeted', T0 + 300 * S)];
    expect(outcome(events, 'reception', T0 + 400 * S)).toBe('met');
  });

  it('is breached when the greeting comes 1 ms past the target', () => {
    const events = [checkIn(T0), ev('greeted', T0 + 300 * S + 1)];
    expect(outcome(events, 'reception', T0 + 400 * S)).toBe('breached');
  });

  it('runs until the due instant inclusive, then is breached without a greeting', () => {
    const events = [checkIn(T0)];
    expect(outcome(events, 'reception', T0 + 300 * S)).toBe('running');
    expect(outcome(events, 'reception', T0 + 300 * S + 1)).toBe('breached');
  });

  it('is stopped by a call to a counter or a service start too', () => {
    expect(
      outcome([checkIn(T0), ev('called', T0 + 10 * S, greeter, { counter: '1' })], 'reception', T0 + 999 * S),
    ).toBe('met');
    expect(outcome([checkIn(T0), ev('service-started', T0 + 301 * S)], 'reception', T0 + 999 * S)).toBe('breached');
  });

  it('is excluded when the customer left before the due instant', () => {
    const events = [checkIn(T0), ev('left', T0 + 120 * S)];
    expect(outcome(events, 'reception', T0 + 999 * S)).toBe('excluded');
  });

  it('is excluded when the visit ended exactly at the due instant', () => {
    expect(outcome([checkIn(T0), ev('cancelled', T0 + 300 * S)], 'reception', T0 + 999 * S)).toBe('excluded');
  });

  it('is breached when the customer left after the due instant without a greeting', () => {
    const events = [checkIn(T0), ev('left', T0 + 301 * S)];
    expect(outcome(events, 'reception', T0 + 999 * S)).toBe('breached');
  });

  it('ignores a voided greeting', () => {
    const greet = ev('greeted', T0 + 10 * S);
    const events = [
      checkIn(T0),
      greet,
      ev('corrected', T0 + 20 * S, greeter, { eventId: greet.seq, reason: 'wrong customer' }),
    ];
    expect(outcome(events, 'reception', T0 + 100 * S)).toBe('running');
  });
});

describe('vip-reception clock (3 minutes from identification, dedicated host)', () => {
  it('keeps running when a non-host greets the VIP', () => {
    const events = [checkIn(T0, { vip: true }), ev('greeted', T0 + 30 * S, greeter)];
    expect(outcome(events, 'reception', T0 + 60 * S)).toBe('met');
    expect(outcome(events, 'vip-reception', T0 + 60 * S)).toBe('running');
  });

  it('is met by a VIP host greeting within 3 minutes', () => {
    const events = [checkIn(T0, { vip: true }), ev('greeted', T0 + 30 * S, greeter), ev('greeted', T0 + 170 * S, host)];
    expect(outcome(events, 'vip-reception', T0 + 999 * S)).toBe('met');
  });

  it('starts at a later identification and keeps running after an earlier greeting by a non-host', () => {
    const events = [
      checkIn(T0),
      ev('greeted', T0 + 20 * S, greeter),
      ev('vip-identified', T0 + 100 * S, greeter, {
        rule: { targetSeconds: 180, warnAt: [0.8], qualifies: ['vip-host'] },
      }),
    ];
    const fold = foldVisit(events)!;
    const vip = fold.clocks.find((c) => c.id === 'vip-reception')!;
    expect(vip.start).toBe(T0 + 100 * S);
    expect(vip.due).toBe(T0 + 280 * S);
    expect(outcomeOf(vip, null, T0 + 200 * S)).toBe('running');
  });

  it('is not stopped by a host greeting that came before the identification', () => {
    const events = [
      checkIn(T0),
      ev('greeted', T0 + 20 * S, host),
      ev('vip-identified', T0 + 100 * S, kiosk, {
        rule: { targetSeconds: 180, warnAt: [0.8], qualifies: ['vip-host'] },
      }),
    ];
    expect(outcome(events, 'vip-reception', T0 + 281 * S)).toBe('breached');
  });
});

describe('rule versions and days', () => {
  it('keeps the target a visit started under when the rule changes mid-day', () => {
    const early = [checkIn(T0, { reception: 300 })];
    const late = [{ ...checkIn(T0 + 3600 * S, { reception: 120 }), visitId: 'v2' }];
    expect(foldVisit(early)!.clocks[0]!.due).toBe(T0 + 300 * S);
    expect(foldVisit(late)!.clocks[0]!.due).toBe(T0 + 3600 * S + 120 * S);
    expect(outcome([...early, ev('greeted', T0 + 200 * S)], 'reception', T0 + 999 * S)).toBe('met');
  });

  it('puts a visit at 23:59:59 local time on that local day, with its due instant on the next', () => {
    const at = Date.parse('2026-03-02T15:59:59Z'); // 23:59:59 in Shanghai
    const fold = foldVisit([checkIn(at)])!;
    expect(localDay(fold.clocks[0]!.start, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDay(fold.clocks[0]!.due, 'Asia/Shanghai')).toBe('2026-03-03');
    expect(outcomeOf(fold.clocks[0]!, null, at + 300 * S + 1)).toBe('breached');
  });

  it('plans the warning at 80 % and the breach at 100 % of the target', () => {
    const fold = foldVisit([checkIn(T0, { reception: 10 })])!;
    expect(alertInstants(fold.clocks[0]!).map((a) => [a.kind, a.at - T0])).toEqual([
      ['warning', 8000],
      ['breach', 10000],
    ]);
  });
});

describe('visit state and first-contact ownership', () => {
  const facts = {
    lines: ['life', 'property'],
    counters: ['1', '2'],
    staff: ['g01', 'g02', 'v01'],
    rules: ruleVersions(effectiveRules(undefined)),
  };

  it('makes the first greeter the owner and refuses a second plain greeting', () => {
    const fold = foldVisit([checkIn(T0), ev('greeted', T0 + 5 * S, greeter)])!;
    expect(toVisit(fold, T0).owner).toBe('g01');
    const second = decide(fold, { type: 'greet' }, { type: 'staff', id: 'g02', roles: ['greeter'] }, facts);
    expect(second).toMatchObject({ ok: false, code: 'already-greeted' });
  });

  it('lets a VIP host greet a VIP whom a greeter received first, without changing the owner', () => {
    const fold = foldVisit([checkIn(T0, { vip: true }), ev('greeted', T0 + 5 * S, greeter)])!;
    expect(decide(fold, { type: 'greet' }, host, facts)).toMatchObject({ ok: true, type: 'greeted' });
    const after = foldVisit([...fold.events, ev('greeted', T0 + 9 * S, host)])!;
    expect(after.owner).toBe('g01');
  });

  it('refuses to greet or call a visit that has ended, and to transfer to an unknown line', () => {
    const left = foldVisit([checkIn(T0), ev('left', T0 + 5 * S)])!;
    expect(decide(left, { type: 'greet' }, greeter, facts)).toMatchObject({ ok: false, code: 'visit-ended' });
    expect(decide(left, { type: 'call', counter: '1' }, greeter, facts)).toMatchObject({
      ok: false,
      code: 'visit-ended',
    });
    const open = foldVisit([checkIn(T0)])!;
    expect(decide(open, { type: 'transfer', toLine: 'nowhere', reason: 'x' }, greeter, facts)).toMatchObject({
      ok: false,
      code: 'unknown-line',
    });
  });

  it('moves ownership on a transfer and records both sides', () => {
    const fold = foldVisit([checkIn(T0), ev('greeted', T0 + 5 * S, greeter)])!;
    const d = decide(fold, { type: 'transfer', toStaff: 'g02', reason: '业务需要' }, greeter, facts);
    expect(d).toMatchObject({ ok: true, type: 'transferred', payload: { toStaff: 'g02', fromStaff: 'g01' } });
    const after = foldVisit([
      ...fold.events,
      ev('transferred', T0 + 9 * S, greeter, (d as { payload: Record<string, unknown> }).payload),
    ])!;
    expect(after.owner).toBe('g02');
  });

  it('walks a visit through call, start and complete', () => {
    const events = [
      checkIn(T0),
      ev('called', T0 + S, greeter, { counter: '2' }),
      ev('service-started', T0 + 2 * S),
      ev('completed', T0 + 3 * S),
    ];
    const v = toVisit(foldVisit(events)!, T0 + 4 * S);
    expect(v).toMatchObject({ state: 'completed', counter: '2', owner: 'g01' });
    expect(v.endedAt).toBe(new Date(T0 + 3 * S).toISOString());
  });
});

describe('replayed stops and ends (docs/rules.md §4 "Replayed time is bounded")', () => {
  const received = (e: VisitEvent, at: number): VisitEvent => ({ ...e, recordedAt: at });

  it('keeps a clock breached and disputed when its replayed stop carries a dispute, until a manager confirms', () => {
    const greet = received(ev('greeted', T0 + 100 * S, greeter, { disputes: ['reception'] }), T0 + 400 * S);
    const events = [checkIn(T0), greet];
    expect(outcome(events, 'reception', T0 + 500 * S)).toBe('breached');
    const fold = foldVisit(events)!;
    expect(fold.clocks[0]).toMatchObject({ stop: T0 + 100 * S, disputedAt: T0 + 400 * S });
    expect(toVisit(fold, T0 + 500 * S).rules[0]).toMatchObject({
      outcome: 'breached',
      disputed: true,
      stoppedAt: new Date(T0 + 100 * S).toISOString(),
    });

    const confirm = ev(
      'replay-confirmed',
      T0 + 600 * S,
      { type: 'staff', id: 'm01', roles: ['manager'] },
      { rule: 'reception', reason: 'tablet offline' },
    );
    expect(outcome([...events, confirm], 'reception', T0 + 700 * S)).toBe('met');
    expect(toVisit(foldVisit([...events, confirm])!, T0 + 700 * S).rules[0]!.disputed).toBeUndefined();
  });

  it('keeps a clock breached when the replayed end that would exclude it is disputed', () => {
    const left = received(ev('left', T0 + 100 * S, greeter, { disputes: ['reception'] }), T0 + 400 * S);
    expect(outcome([checkIn(T0), left], 'reception', T0 + 500 * S)).toBe('breached');
    expect(outcome([checkIn(T0), ev('left', T0 + 100 * S)], 'reception', T0 + 500 * S)).toBe('excluded');
  });

  it('lets a manager confirm only a disputed clock', () => {
    const facts = { lines: ['life'], counters: ['1'], staff: ['g01'], rules: {} };
    const plain = foldVisit([checkIn(T0), ev('greeted', T0 + 10 * S)])!;
    expect(decide(plain, { type: 'confirm-replay', rule: 'reception', reason: 'x' }, greeter, facts)).toMatchObject({
      ok: false,
      code: 'not-disputed',
    });
    const disputed = foldVisit([
      checkIn(T0),
      received(ev('left', T0 + 10 * S, greeter, { disputes: ['reception'] }), T0 + 400 * S),
    ])!;
    expect(decide(disputed, { type: 'confirm-replay', rule: 'reception', reason: 'x' }, greeter, facts)).toMatchObject({
      ok: true,
      type: 'replay-confirmed',
    });
  });

  it('gives the customer to whoever greeted first as the server received it, not to a backdated greeting', () => {
    // The greeter greets live; the VIP host's tablet later replays a greeting dated a moment earlier.
    const live = received(ev('greeted', T0 + 60 * S, greeter), T0 + 60 * S);
    const replayed = received(ev('greeted', T0 + 59 * S, host), T0 + 90 * S);
    const fold = foldVisit([checkIn(T0, { vip: true }), live, replayed])!;
    expect(fold.owner).toBe('g01');
    // A transfer still moves ownership.
    const moved = foldVisit([
      checkIn(T0, { vip: true }),
      live,
      replayed,
      ev('transferred', T0 + 100 * S, greeter, { toStaff: 'v01', reason: 'VIP' }),
    ])!;
    expect(moved.owner).toBe('v01');
  });
});
