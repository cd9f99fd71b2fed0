/** Today's wall figures: hours, compliance per rule (never rounded up, "—" when nothing counts). */
import { describe, expect, it } from 'vitest';
import { outcomeNow, percentDown, todayFigures, type TodayClock, type TodayVisit } from '../../shared/today.ts';

const TZ = 'Asia/Shanghai';
const at = (hhmm: string) => Date.parse(`2026-03-02T${hhmm}:00+08:00`);
const clock = (start: number, o: Partial<TodayClock> = {}): TodayClock => ({
  rule: 'reception',
  start,
  due: start + 300_000,
  stop: null,
  outcome: 'running',
  ...o,
});
const visit = (id: string, arrivedAt: number, clocks: TodayClock[]): TodayVisit => ({
  id,
  arrivedAt,
  endedAt: null,
  clocks,
});

describe('todayFigures', () => {
  it('has no compliance figure when nothing was met or breached', () => {
    const f = todayFigures([visit('a', at('09:00'), [clock(at('09:00'))])], '2026-03-02', TZ, at('09:01'), 8, 11, [
      'reception',
      'vip-reception',
    ]);
    expect(f.ruleIds).toEqual(['reception', 'vip-reception']);
    expect(f.rules.reception).toEqual({ met: 0, breached: 0, compliance: null });
    expect(f.rules['vip-reception']!.compliance).toBeNull();
    expect(f.hours.map((h) => h.hour)).toEqual([8, 9, 10, 11]);
    expect(f.hours[1]).toMatchObject({ arrivals: 1, breaches: 0, compliance: { reception: null } });
  });

  it('counts a running clock past its due instant as breached, by the hour its clock started', () => {
    const visits = [
      visit('a', at('09:10'), [clock(at('09:10'), { stop: at('09:11'), outcome: 'met' })]),
      visit('b', at('09:50'), [clock(at('09:50'))]), // due 09:55, not stopped
      visit('c', at('10:05'), [clock(at('10:05'), { outcome: 'excluded' })]),
      visit('v', at('10:20'), [
        clock(at('10:20'), { stop: at('10:21'), outcome: 'met' }),
        clock(at('10:30'), { rule: 'vip-reception', stop: at('10:40'), outcome: 'breached' }),
      ]),
      visit('y', at('09:00') - 86_400_000, [clock(at('09:00') - 86_400_000, { outcome: 'breached' })]), // yesterday
    ];
    const f = todayFigures(visits, '2026-03-02', TZ, at('10:45'), 8, 11);
    expect(f.arrivals).toBe(4);
    expect(f.rules.reception).toEqual({ met: 2, breached: 1, compliance: 2 / 3 });
    expect(f.rules['vip-reception']).toEqual({ met: 0, breached: 1, compliance: 0 });
    expect(f.hours.map((h) => h.arrivals)).toEqual([0, 2, 2, 0]);
    expect(f.hours.map((h) => h.breaches)).toEqual([0, 1, 1, 0]);
    expect(f.hours[1]!.compliance.reception).toBe(0.5);
    expect(f.hours[2]!.compliance).toEqual({ reception: 1, 'vip-reception': 0 });
  });

  it('figures a rule the branch added beside the built-ins, in the branch order, and one only in the clocks after them', () => {
    const visits = [
      visit('s', at('09:10'), [
        clock(at('09:10'), { stop: at('09:11'), outcome: 'met' }),
        clock(at('09:10'), { rule: 'special-needs-help', stop: at('09:13'), outcome: 'breached' }),
      ]),
      visit('o', at('09:20'), [clock(at('09:20'), { rule: 'retired-rule', stop: at('09:21'), outcome: 'met' })]),
    ];
    const f = todayFigures(visits, '2026-03-02', TZ, at('10:00'), 8, 11, [
      'reception',
      'vip-reception',
      'special-needs-help',
    ]);
    expect(f.ruleIds).toEqual(['reception', 'vip-reception', 'special-needs-help', 'retired-rule']);
    expect(f.rules['special-needs-help']).toEqual({ met: 0, breached: 1, compliance: 0 });
    expect(f.rules['vip-reception']).toEqual({ met: 0, breached: 0, compliance: null });
    expect(f.hours[1]!.compliance).toEqual({
      reception: 1,
      'vip-reception': null,
      'special-needs-help': 0,
      'retired-rule': 1,
    });
  });

  it('uses the branch day, not the machine day', () => {
    // 23:30 in Shanghai on the 1st is 15:30 UTC on the 1st; 00:30 on the 2nd is 16:30 UTC on the 1st.
    const late = Date.parse('2026-03-01T23:30:00+08:00');
    const early = Date.parse('2026-03-02T00:30:00+08:00');
    const f = todayFigures([visit('a', late, []), visit('b', early, [])], '2026-03-02', TZ, early);
    expect(f.arrivals).toBe(1);
    expect(f.hours[0]!.arrivals).toBe(1);
  });
});

describe('outcomeNow and percentDown', () => {
  it('turns running into breached only after the due instant (inclusive target)', () => {
    const c = clock(at('09:00'));
    expect(outcomeNow(c, c.due)).toBe('running');
    expect(outcomeNow(c, c.due + 1)).toBe('breached');
    expect(outcomeNow({ ...c, outcome: 'met' }, c.due + 1)).toBe('met');
  });

  it('rounds down to one decimal and never shows 100 % short of it', () => {
    expect(percentDown(null)).toBe('—');
    expect(percentDown(1)).toBe('100.0');
    expect(percentDown(0)).toBe('0.0');
    expect(percentDown(0.29)).toBe('29.0');
    expect(percentDown(2 / 3)).toBe('66.6');
    expect(percentDown(9995 / 10000)).toBe('99.9');
    expect(percentDown(2499 / 2500)).toBe('99.9');
  });
});
