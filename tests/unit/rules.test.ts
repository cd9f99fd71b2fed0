/**
 * Rules as data (docs/rules.md §6) on the pure core: every start, stop and appliesTo kind folds per §2; logs
 * written before rules were data fold exactly as before; a bad rule in the configuration names its field.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../shared/commands.ts';
import {
  CLOCK_START_KINDS,
  CLOCK_STOP_KINDS,
  effectiveRules,
  ruleVersions,
  type RuleVersion,
} from '../../shared/rules.ts';
import { alertInstants, foldVisit, outcomeOf, toVisit } from '../../shared/visit.ts';
import type { Actor, EventType, VisitEvent } from '../../shared/types.ts';
import { ConfigError, parseConfig } from '../../server/config.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z');
const S = 1000;
const greeter: Actor = { type: 'staff', id: 'g01', roles: ['greeter'] };
const clerk: Actor = { type: 'staff', id: 'c01', roles: ['counter'] };
const host: Actor = { type: 'staff', id: 'v01', roles: ['greeter', 'vip-host'] };
const kiosk: Actor = { type: 'device', id: 'kiosk-1' };

let seq = 0;
function ev(type: EventType, at: number, actor: Actor = greeter, payload: Record<string, unknown> = {}): VisitEvent {
  return { seq: ++seq, visitId: 'v1', branch: 'b', type, occurredAt: at, recordedAt: at, actor, payload };
}
const rule = (o: Partial<RuleVersion>): RuleVersion => ({
  appliesTo: 'all',
  startsOn: 'arrival',
  stopsOn: 'greet',
  targetSeconds: 120,
  warnAt: [0.5],
  ...o,
});
function checkIn(
  at: number,
  rules: Record<string, unknown>,
  o: { vip?: boolean; specialNeeds?: string[]; line?: string } = {},
): VisitEvent {
  return ev('checked-in', at, kiosk, {
    line: o.line ?? 'life',
    ticket: 'B001',
    vip: o.vip ? { memberNo: null } : null,
    specialNeeds: o.specialNeeds ?? [],
    rules,
  });
}
function outcomes(events: VisitEvent[], now: number): Record<string, string> {
  const fold = foldVisit(events)!;
  return Object.fromEntries(fold.clocks.map((c) => [c.id, outcomeOf(c, fold.endedAt, now)]));
}

describe('startsOn', () => {
  it('arrival: the clock starts at the check-in', () => {
    const fold = foldVisit([checkIn(T0, { r: rule({}) })])!;
    expect(fold.clocks.map((c) => [c.id, c.start, c.due])).toEqual([['r', T0, T0 + 120 * S]]);
  });

  it('vip-identified: at the kiosk, or at a later identification, never for a customer who is no VIP', () => {
    const r = rule({ startsOn: 'vip-identified', appliesTo: 'all' });
    expect(foldVisit([checkIn(T0, { r })])!.clocks).toEqual([]);
    expect(foldVisit([checkIn(T0, { r }, { vip: true })])!.clocks[0]!.start).toBe(T0);
    const later = foldVisit([checkIn(T0, { r }), ev('vip-identified', T0 + 50 * S, greeter, { memberNo: null })])!;
    expect(later.clocks[0]!.start).toBe(T0 + 50 * S);
  });

  it('called: at the first call, not at a recall', () => {
    const r = rule({ startsOn: 'called', stopsOn: 'start' });
    const events = [
      checkIn(T0, { r }),
      ev('called', T0 + 60 * S, clerk, { counter: '1' }),
      ev('recalled', T0 + 90 * S, clerk, { counter: '1' }),
    ];
    const fold = foldVisit(events)!;
    expect(fold.clocks[0]!.start).toBe(T0 + 60 * S);
    expect(outcomes(events, T0 + 100 * S)).toEqual({ r: 'running' });
    expect(outcomes([...events, ev('service-started', T0 + 150 * S, clerk)], T0 + 999 * S)).toEqual({ r: 'met' });
    expect(outcomes([...events, ev('service-started', T0 + 181 * S, clerk)], T0 + 999 * S)).toEqual({ r: 'breached' });
  });

  it('has a table entry for every kind the configuration accepts', () => {
    expect(CLOCK_START_KINDS).toEqual(['arrival', 'vip-identified', 'called']);
    expect(CLOCK_STOP_KINDS).toEqual(['greet', 'call', 'start', 'complete']);
  });
});

describe('stopsOn', () => {
  const all = { greet: rule({ stopsOn: 'greet' }), call: rule({ stopsOn: 'call' }), start: rule({ stopsOn: 'start' }) };

  it('greet stops at a greeting, call at a call, start at a service start', () => {
    const events = [
      checkIn(T0, all),
      ev('greeted', T0 + 10 * S),
      ev('called', T0 + 100 * S, clerk, { counter: '1' }),
      ev('service-started', T0 + 130 * S, clerk),
    ];
    const fold = foldVisit(events)!;
    expect(fold.clocks.map((c) => [c.id, (c.stop! - T0) / S])).toEqual([
      ['greet', 10],
      ['call', 100],
      ['start', 130],
    ]);
    expect(outcomes(events, T0 + 999 * S)).toEqual({ greet: 'met', call: 'met', start: 'breached' });
  });

  it('a call or a service start stops a greet clock too (a customer called has been received)', () => {
    const events = [checkIn(T0, all), ev('service-started', T0 + 20 * S, clerk)];
    expect(foldVisit(events)!.clocks.map((c) => (c.stop! - T0) / S)).toEqual([20, 20, 20]);
  });

  it('complete: met or breached by the completion; ending any other way is excluded at or before due, breached after', () => {
    const r = rule({ stopsOn: 'complete', targetSeconds: 600 });
    const served = [checkIn(T0, { r }), ev('called', T0 + 60 * S, clerk), ev('service-started', T0 + 90 * S, clerk)];
    expect(outcomes([...served], T0 + 300 * S)).toEqual({ r: 'running' });
    expect(outcomes([...served, ev('completed', T0 + 600 * S, clerk)], T0 + 999 * S)).toEqual({ r: 'met' });
    expect(outcomes([...served, ev('completed', T0 + 601 * S, clerk)], T0 + 999 * S)).toEqual({ r: 'breached' });
    expect(outcomes([checkIn(T0, { r }), ev('left', T0 + 600 * S)], T0 + 999 * S)).toEqual({ r: 'excluded' });
    expect(outcomes([checkIn(T0, { r }), ev('no-show', T0 + 601 * S, clerk)], T0 + 999 * S)).toEqual({
      r: 'breached',
    });
    expect(outcomes(served, T0 + 601 * S)).toEqual({ r: 'breached' });
  });

  it('qualifies: only a stop by one of the roles counts, whatever the stop kind', () => {
    const r = rule({ stopsOn: 'call', qualifies: ['vip-host'] });
    const events = [checkIn(T0, { r }), ev('called', T0 + 10 * S, clerk), ev('service-started', T0 + 30 * S, host)];
    expect(foldVisit(events)!.clocks[0]!.stop).toBe(T0 + 30 * S);
  });
});

describe('appliesTo, decided when the clock would start', () => {
  const rules = {
    everyone: rule({ appliesTo: 'all' }),
    vips: rule({ appliesTo: 'vip' }),
    needs: rule({ appliesTo: 'special-needs' }),
    property: rule({ appliesTo: { lines: ['property'] } }),
    'property-call': rule({ appliesTo: { lines: ['property'] }, startsOn: 'called', stopsOn: 'start' }),
  };
  const ids = (events: VisitEvent[]) => foldVisit(events)!.clocks.map((c) => c.id);

  it('all, vip, special needs and lines at the check-in', () => {
    expect(ids([checkIn(T0, rules)])).toEqual(['everyone']);
    expect(ids([checkIn(T0, rules, { vip: true })])).toEqual(['everyone', 'vips']);
    expect(ids([checkIn(T0, rules, { specialNeeds: ['wheelchair'] })])).toEqual(['everyone', 'needs']);
    expect(ids([checkIn(T0, rules, { line: 'property' })])).toEqual(['everyone', 'property']);
  });

  it('a later VIP identification does not give an arrival clock to a visit it did not apply to', () => {
    expect(ids([checkIn(T0, rules), ev('vip-identified', T0 + 5 * S, greeter, {})])).toEqual(['everyone']);
  });

  it('the line at the time of the call, after a correction', () => {
    const events = [
      checkIn(T0, rules),
      ev('line-corrected', T0 + 5 * S, greeter, { line: 'property' }),
      ev('called', T0 + 30 * S, clerk, { counter: '1' }),
    ];
    expect(ids(events)).toEqual(['everyone', 'property-call']);
  });

  it('warnings fire at each of the rule’s fractions and the breach at its target', () => {
    const fold = foldVisit([checkIn(T0, { needs: rule({ appliesTo: 'special-needs' }) }, { specialNeeds: ['x'] })])!;
    expect(alertInstants(fold.clocks[0]!).map((a) => [a.kind, (a.at - T0) / S])).toEqual([
      ['warning', 60],
      ['breach', 120],
    ]);
  });
});

describe('history written before rules were data', () => {
  const old = {
    reception: { targetSeconds: 300, warnAt: [0.8] },
    'vip-reception': { targetSeconds: 180, warnAt: [0.8], qualifies: ['vip-host'] },
  };

  it('an old check-in folds to the two built-in clocks, with their kinds and roles', () => {
    const fold = foldVisit([checkIn(T0, old, { vip: true }), ev('greeted', T0 + 10 * S, greeter)])!;
    expect(fold.clocks.map((c) => [c.id, c.version.startsOn, c.version.stopsOn, c.version.appliesTo])).toEqual([
      ['reception', 'arrival', 'greet', 'all'],
      ['vip-reception', 'vip-identified', 'greet', 'vip'],
    ]);
    expect(outcomes(fold.events, T0 + 181 * S)).toEqual({ reception: 'met', 'vip-reception': 'breached' });
  });

  it('an old identification keeps the vip rule version it carried', () => {
    const events = [
      checkIn(T0, old),
      ev('vip-identified', T0 + 100 * S, greeter, {
        rule: { targetSeconds: 60, warnAt: [0.5], qualifies: ['vip-host'] },
      }),
    ];
    const vip = foldVisit(events)!.clocks.find((c) => c.id === 'vip-reception')!;
    expect([vip.start, vip.due]).toEqual([T0 + 100 * S, T0 + 160 * S]);
  });

  it('an old reception version without roles is anyone’s, as it was', () => {
    const events = [checkIn(T0, old), ev('called', T0 + 10 * S, clerk)];
    expect(foldVisit(events)!.clocks[0]!.stoppedBy).toBe('c01');
  });

  it('a new check-in keeps every configured rule whole, so a later change rewrites nothing', () => {
    const rules = effectiveRules({
      reception: { targetSeconds: 240 },
      'special-needs-help': {
        name: { zh: '特殊客户2分钟内主动帮助', en: 'Special needs helped within 2 minutes' },
        appliesTo: 'special-needs',
        startsOn: 'arrival',
        stopsOn: 'greet',
        targetSeconds: 120,
        warnAt: [0.5],
      },
    });
    const stored = ruleVersions(rules);
    expect(Object.keys(stored)).toEqual(['reception', 'vip-reception', 'special-needs-help']);
    expect(stored.reception).toEqual({
      appliesTo: 'all',
      startsOn: 'arrival',
      stopsOn: 'greet',
      targetSeconds: 240,
      warnAt: [0.8],
    });
    const visit = toVisit(foldVisit([checkIn(T0, stored, { specialNeeds: ['pregnant'] })])!, T0);
    expect(visit.rules.map((r) => [r.id, r.targetSeconds, r.name?.zh ?? null])).toEqual([
      ['reception', 240, null],
      ['special-needs-help', 120, '特殊客户2分钟内主动帮助'],
    ]);
  });

  it('a later identification starts the vip clocks under the rules in force then (decide carries them)', () => {
    const fold = foldVisit([checkIn(T0, ruleVersions(effectiveRules(undefined)))])!;
    const now = ruleVersions(effectiveRules({ 'vip-reception': { targetSeconds: 90 } }));
    const d = decide(fold, { type: 'vip' }, greeter, { lines: ['life'], counters: ['1'], staff: [], rules: now });
    expect(d).toMatchObject({ ok: true, type: 'vip-identified' });
    if (!d.ok) return;
    expect(Object.keys(d.payload.rules as object)).toEqual(['vip-reception']);
    const after = foldVisit([...fold.events, ev('vip-identified', T0 + 10 * S, greeter, d.payload)])!;
    expect(after.clocks.find((c) => c.id === 'vip-reception')!.due).toBe(T0 + 100 * S);
  });
});

describe('the configuration of rules', () => {
  const base = (rules: Record<string, unknown>) => ({
    branches: [
      {
        id: 'b1',
        name: 'B',
        lines: [{ id: 'life', name: { zh: '寿险', en: 'Life' }, prefix: 'A' }],
        counters: ['1'],
        rules,
      },
    ],
  });
  const error = (rules: Record<string, unknown>) => {
    try {
      parseConfig(base(rules));
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return null;
  };
  const third = {
    name: { zh: '特殊客户2分钟内主动帮助', en: 'Special needs helped within 2 minutes' },
    appliesTo: 'special-needs',
    startsOn: 'arrival',
    stopsOn: 'greet',
    targetSeconds: 120,
    warnAt: [0.5],
  };

  it('adds a whole rule beside the built-ins, and changes a built-in in part', () => {
    const c = parseConfig(base({ 'special-needs-help': third, reception: { targetSeconds: 240 } }));
    const rules = c.rules('b1');
    expect(Object.keys(rules)).toEqual(['reception', 'vip-reception', 'special-needs-help']);
    expect(rules.reception).toMatchObject({ targetSeconds: 240, startsOn: 'arrival', stopsOn: 'greet' });
    expect(rules['special-needs-help']).toMatchObject({ id: 'special-needs-help', ...third });
  });

  it('gives an added rule the default warning when it names none', () => {
    const { warnAt: _w, ...noWarn } = third;
    expect(parseConfig(base({ x: noWarn })).rules('b1').x!.warnAt).toEqual([0.8]);
  });

  it('stops the start naming the field of a bad rule', () => {
    const { startsOn: _s, ...noStart } = third;
    expect(error({ x: noStart })).toMatch(/branches\.0\.rules\.x\.startsOn: is required for an added rule/);
    expect(error({ x: { ...third, startsOn: 'lunch' } })).toMatch(/branches\.0\.rules\.x\.startsOn/);
    expect(error({ x: { ...third, stopsOn: 'smile' } })).toMatch(/branches\.0\.rules\.x\.stopsOn/);
    expect(error({ x: { ...third, appliesTo: 'tall' } })).toMatch(/branches\.0\.rules\.x\.appliesTo/);
    expect(error({ x: { ...third, appliesTo: { lines: ['cars'] } } })).toMatch(
      /branches\.0\.rules\.x\.appliesTo\.lines\.0: no business line "cars"/,
    );
    expect(error({ x: { ...third, targetSeconds: 0 } })).toMatch(/branches\.0\.rules\.x\.targetSeconds/);
    expect(error({ x: { ...third, warnAt: [1.2] } })).toMatch(/branches\.0\.rules\.x\.warnAt\.0/);
    expect(error({ x: { ...third, qualifies: ['janitor'] } })).toMatch(/branches\.0\.rules\.x\.qualifies\.0/);
    expect(error({ x: { ...third, name: { zh: '帮助' } } })).toMatch(/branches\.0\.rules\.x\.name\.en/);
    expect(error({ x: { ...third, colour: 'red' } })).toMatch(/branches\.0\.rules\.x/);
    expect(error({ 'bad id!': third })).toMatch(/branches\.0\.rules/);
    expect(error({ x: { ...third, startsOn: 'called', stopsOn: 'call' } })).toMatch(
      /branches\.0\.rules\.x\.stopsOn: "call" would stop the clock the moment "called" starts it/,
    );
  });
});
