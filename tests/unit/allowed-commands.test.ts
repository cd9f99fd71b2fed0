/**
 * What the tablet offers for a visit — the console's cards and its sheet both ask allowedCommands — and
 * that it offers exactly what the server's `decide` would accept, built from the same state gates.
 */
import { describe, expect, it } from 'vitest';
import { allowedCommands, type Me, type TabletStep } from '../../shared/allowed-commands.ts';
import { decide, type VisitCommand } from '../../shared/commands.ts';
import { effectiveRules, ruleVersions, type StaffRole } from '../../shared/rules.ts';
import type { Actor, EventType, VisitEvent } from '../../shared/types.ts';
import { foldVisit, toVisit, type VisitFold } from '../../shared/visit.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const S = 1000;
const greeter: Actor = { type: 'staff', id: 'g01', roles: ['greeter'] };
const host: Actor = { type: 'staff', id: 'v01', roles: ['greeter', 'vip-host'] };
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };
const GREETER: readonly StaffRole[] = ['greeter'];
const HOST: readonly StaffRole[] = ['greeter', 'vip-host'];
const me = (roles: readonly StaffRole[], counter: string | null = null): Me => ({ roles, counter });

let seq = 0;
function ev(type: EventType, at: number, payload: Record<string, unknown> = {}, actor: Actor = greeter): VisitEvent {
  return { seq: ++seq, visitId: 'v1', branch: 'b', type, occurredAt: at, recordedAt: at, actor, payload };
}
function checkIn(vip = false): VisitEvent {
  return ev(
    'checked-in',
    T0,
    {
      line: 'life',
      ticket: vip ? 'V001' : 'B001',
      vip: vip ? { memberNo: '12345678' } : null,
      specialNeeds: [],
      rules: {
        reception: { targetSeconds: 300, warnAt: [0.8] },
        'vip-reception': { targetSeconds: 180, warnAt: [0.8], qualifies: ['vip-host'] },
      },
    },
    kiosk,
  );
}
const fold = (...events: VisitEvent[]): VisitFold => foldVisit(events)!;
const offered = (f: VisitFold, who: Me) => allowedCommands(toVisit(f, T0 + 60 * S), who);

// One visit in each standing the tablet meets.
const waiting = () => fold(checkIn());
const greeted = () => fold(checkIn(), ev('greeted', T0 + 5 * S));
const vipGreetedByGreeter = () => fold(checkIn(true), ev('greeted', T0 + 5 * S));
const calledTo2 = () => fold(checkIn(), ev('greeted', T0 + 5 * S), ev('called', T0 + 9 * S, { counter: '2' }));
const servingAt2 = () =>
  fold(
    checkIn(),
    ev('greeted', T0 + 5 * S),
    ev('called', T0 + 9 * S, { counter: '2' }),
    ev('service-started', T0 + 20 * S, { counter: '2' }),
  );
const completed = () => fold(...servingAt2().events, ev('completed', T0 + 50 * S));

describe('allowedCommands: what the cards and the sheet offer', () => {
  it('offers a customer nobody has greeted a greeting, a call to any counter and the rarer steps', () => {
    expect(offered(waiting(), me(GREETER))).toEqual(['greet', 'call', 'leave', 'cancel', 'correct-line', 'transfer']);
  });

  it('offers no second greeting once someone greeted the customer', () => {
    expect(offered(greeted(), me(GREETER))).not.toContain('greet');
    expect(offered(greeted(), me(HOST))).not.toContain('greet');
  });

  it('offers a VIP host the greeting of a VIP a greeter received first, while the VIP clock runs; not a greeter', () => {
    expect(offered(vipGreetedByGreeter(), me(HOST))).toContain('greet');
    expect(offered(vipGreetedByGreeter(), me(GREETER))).not.toContain('greet');
    const received = fold(...vipGreetedByGreeter().events, ev('greeted', T0 + 9 * S, {}, host));
    expect(offered(received, me(HOST))).not.toContain('greet');
  });

  it('offers the counter steps of a called customer only at the counter they were called to', () => {
    expect(offered(calledTo2(), me(GREETER, '2'))).toEqual([
      'start',
      'recall',
      'no-show',
      'leave',
      'cancel',
      'correct-line',
      'transfer',
    ]);
    for (const elsewhere of [me(GREETER, '1'), me(GREETER, null)])
      expect(offered(calledTo2(), elsewhere)).toEqual(['leave', 'cancel', 'correct-line', 'transfer']);
  });

  it('offers completion of a customer being served at my counter, and neither leaving nor a second start', () => {
    expect(offered(servingAt2(), me(GREETER, '2'))).toEqual(['complete', 'cancel', 'correct-line', 'transfer']);
    expect(offered(servingAt2(), me(GREETER, '1'))).toEqual(['cancel', 'correct-line', 'transfer']);
  });

  it('offers nothing once the visit has ended', () => {
    expect(offered(completed(), me(HOST, '2'))).toEqual([]);
  });
});

describe('allowedCommands offers what the server accepts', () => {
  // The one step the server takes that the tablet keeps for later: service starts for a customer called to
  // the counter (at a waiting visit the server would start it directly, counter and all).
  const keptForLater = (step: string, f: VisitFold) => step === 'start' && f.state === 'waiting';

  const facts = {
    lines: ['life', 'property'],
    counters: ['1', '2'],
    staff: ['g01', 'g02', 'v01'],
    rules: ruleVersions(effectiveRules(undefined)),
  };
  const commands: Partial<Record<TabletStep, VisitCommand>> = {
    greet: { type: 'greet' },
    call: { type: 'call', counter: '1' },
    start: { type: 'start' },
    recall: { type: 'recall' },
    'no-show': { type: 'no-show' },
    complete: { type: 'complete' },
    leave: { type: 'leave' },
    cancel: { type: 'cancel' },
    'correct-line': { type: 'correct-line', line: 'property' },
    transfer: { type: 'transfer', toStaff: 'g02', reason: '换班' },
  };
  const standings = { waiting, greeted, vipGreetedByGreeter, calledTo2, servingAt2, completed };

  for (const [name, make] of Object.entries(standings)) {
    for (const [roles, actor] of [
      [GREETER, greeter],
      [HOST, host],
    ] as const) {
      it(`${name}, ${roles.join('+')} at the customer's counter: offered when decide accepts`, () => {
        const f = make();
        // At the customer's own counter (counter steps belong there); before a call, at counter 1.
        const at = f.counter ?? '1';
        const shown = offered(f, me(roles, at));
        for (const [step, cmd] of Object.entries(commands)) {
          const accepted = decide(f, cmd, actor, facts).ok && !keptForLater(step, f);
          expect({ step, offered: shown.includes(step as TabletStep) }).toEqual({ step, offered: accepted });
        }
      });
    }
  }
});

describe('decide refuses a step outside its states with the codes the pages translate', () => {
  const facts = {
    lines: ['life'],
    counters: ['1', '2'],
    staff: ['g01'],
    rules: ruleVersions(effectiveRules(undefined)),
  };
  const refusal = (f: VisitFold, cmd: VisitCommand) => {
    const d = decide(f, cmd, greeter, facts);
    return d.ok ? null : { code: d.code, message: d.message };
  };

  it('says why, in the words it always has', () => {
    expect(refusal(calledTo2(), { type: 'call', counter: '1' })).toEqual({
      code: 'not-waiting',
      message: 'visit B001 is called, not waiting',
    });
    expect(refusal(waiting(), { type: 'recall' })).toEqual({
      code: 'not-called',
      message: 'visit B001 is waiting, not called',
    });
    expect(refusal(servingAt2(), { type: 'no-show' })).toEqual({
      code: 'not-called',
      message: 'visit B001 is serving, not called',
    });
    expect(refusal(calledTo2(), { type: 'complete' })).toEqual({
      code: 'not-serving',
      message: 'visit B001 is called, not being served',
    });
    expect(refusal(servingAt2(), { type: 'start' })).toEqual({
      code: 'already-serving',
      message: 'visit B001 is already being served',
    });
    expect(refusal(servingAt2(), { type: 'leave' })).toEqual({
      code: 'already-serving',
      message: 'visit B001 is being served; complete it instead',
    });
  });
});
