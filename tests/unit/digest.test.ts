/**
 * The close-of-day digest (issue 18, item 3) is what a hall's chat group reads at closing time instead of
 * opening the report: its words are checked exactly on a small day worked out by hand, and a busy day is
 * cut to what a chat robot takes, saying how many breaches were left out.
 */
import { describe, expect, it } from 'vitest';
import { closeOfDayDigest, type DigestReport } from '../../shared/notify/digest.ts';
import type { Fraction, RuleFigures } from '../../shared/report.ts';

const at = (local: string) => new Date(Date.parse(`2026-11-30T${local}+08:00`)).toISOString();

function figures(met: number, breached: number): RuleFigures {
  const compliance: Fraction | null = met + breached === 0 ? null : { numerator: met, denominator: met + breached };
  return {
    eligible: met + breached,
    met,
    breached,
    excluded: 0,
    running: 0,
    compliance,
    timeToGreet: { median: null, p90: null, max: null },
  };
}

const slice = (met: number, breached: number) => ({
  met,
  breached,
  compliance: met + breached === 0 ? null : { numerator: met, denominator: met + breached },
});

function breach(ticket: string, arrived: string, lateBySeconds: number) {
  return {
    visitId: `visit-${ticket}`,
    ticket,
    line: 'life',
    rule: 'reception',
    arrivedAt: at(arrived),
    dueAt: new Date(Date.parse(at(arrived)) + 240_000).toISOString(),
    greetedAt: null,
    lateBySeconds,
    owner: null,
    acknowledgedBy: null,
    imported: false,
  };
}

/**
 * 12 arrivals; reception (240 s, unnamed) 9 met and 3 breached; no VIP; the branch's own special-needs rule
 * met once. 10:00–11:00 had 2 breaches and one greeter where two were needed, and no VIP host where one was.
 * B002's greeting was replayed after its breach alert: disputed.
 */
function smallDay(): DigestReport {
  return {
    date: '2026-11-30',
    timeZone: 'Asia/Shanghai',
    arrivals: 12,
    ruleList: [
      { id: 'reception', targetSeconds: 240 },
      { id: 'vip-reception', targetSeconds: 180 },
      {
        id: 'special-needs-help',
        targetSeconds: 120,
        name: { zh: '特殊客户2分钟内主动帮助', en: 'Special needs helped within 2 minutes' },
      },
    ],
    rules: { reception: figures(9, 3), 'vip-reception': figures(0, 0), 'special-needs-help': figures(1, 0) },
    hours: [
      { hour: 9, arrivals: 4, breaches: 1, rules: { reception: slice(3, 1), 'vip-reception': slice(0, 0) } },
      { hour: 10, arrivals: 6, breaches: 2, rules: { reception: slice(4, 2), 'vip-reception': slice(0, 0) } },
      { hour: 11, arrivals: 2, breaches: 0, rules: { reception: slice(2, 0), 'vip-reception': slice(0, 0) } },
    ],
    breaches: [breach('A001', '09:10:00', 135), breach('B002', '10:02:00', 40), breach('A005', '10:20:00', 600)],
    disputed: [
      {
        visitId: 'visit-B002',
        ticket: 'B002',
        line: 'life',
        rule: 'reception',
        arrivedAt: at('10:02:00'),
        dueAt: at('10:06:00'),
        replayedAt: at('10:05:30'),
        receivedAt: at('10:07:10'),
      },
    ],
    staffing: [
      {
        hour: 9,
        arrivals: 4,
        forecast: 3.5,
        onDuty: { greeters: 1, vipHosts: 1 },
        needed: { greeters: 1, vipHosts: 0 },
        breaches: 1,
      },
      {
        hour: 10,
        arrivals: 6,
        forecast: 5,
        onDuty: { greeters: 1, vipHosts: 0 },
        needed: { greeters: 2, vipHosts: 1 },
        breaches: 2,
      },
      { hour: 11, arrivals: 2, forecast: 2, onDuty: null, needed: { greeters: 1, vipHosts: 0 }, breaches: 0 },
    ],
  };
}

const hall = { branchName: { zh: '测试营业厅', en: 'Test Hall' } };

describe('the close-of-day digest', () => {
  it('says the day in Chinese: compliance per rule by its configured name, breaches, worst hour, replays, short hours', () => {
    const { zh } = closeOfDayDigest(smallDay(), {
      ...hall,
      reportUrl: 'http://hall.yingbin.test/report/?date=2026-11-30',
    });
    expect(zh).toBe(
      [
        '### 测试营业厅 日终小结 · 2026-11-30',
        '到店 12 人，超时 3 次。',
        '',
        '**达标率**（目标 100%）',
        '- 4分钟接待：75.0%（9/12），超时 3 次',
        '- VIP 3分钟专人接待：—（无计入）',
        '- 特殊客户2分钟内主动帮助：100.0%（1/1），超时 0 次',
        '',
        '**最差时段**：10:00–11:00，超时 2 次',
        '',
        '**人手不足**',
        '- 10:00–11:00：引导员在岗 1，需要 2；VIP专人在岗 0，需要 1',
        '',
        '**待确认的补录**（经理确认前按超时计算）',
        '- B002 4分钟接待，到店 10:02，补录 10:05',
        '',
        '**超时明细**',
        '- A005 4分钟接待，超时 10分钟',
        '- A001 4分钟接待，超时 2分15秒',
        '- B002 4分钟接待，超时 40秒',
        '',
        '[查看日报](http://hall.yingbin.test/report/?date=2026-11-30)',
      ].join('\n'),
    );
  });

  it('says the same day in English', () => {
    const { en } = closeOfDayDigest(smallDay(), hall);
    expect(en).toBe(
      [
        '### Test Hall close of day · 2026-11-30',
        '12 arrivals, 3 late greetings.',
        '',
        '**On-time rate** (target 100%)',
        '- Greeted within 4 minutes: 75.0% (9/12), 3 late',
        '- VIP host within 3 minutes: — (none counted)',
        '- Special needs helped within 2 minutes: 100.0% (1/1), 0 late',
        '',
        '**Worst hour**: 10:00–11:00, 2 late',
        '',
        '**Short-staffed hours**',
        '- 10:00–11:00: greeters on duty 1, needed 2; VIP hosts on duty 0, needed 1',
        '',
        '**Replays to confirm** (counted late until a manager confirms)',
        '- B002 Greeted within 4 minutes, arrived 10:02, replayed 10:05',
        '',
        '**Late greetings in detail**',
        '- A005 Greeted within 4 minutes, 10 min late',
        '- A001 Greeted within 4 minutes, 2 min 15 s late',
        '- B002 Greeted within 4 minutes, 40 s late',
      ].join('\n'),
    );
  });

  it('on a day without breaches or known duty says so, never an empty heading', () => {
    const quiet: DigestReport = {
      ...smallDay(),
      arrivals: 3,
      rules: { reception: figures(3, 0), 'vip-reception': figures(0, 0), 'special-needs-help': figures(0, 0) },
      hours: [{ hour: 9, arrivals: 3, breaches: 0, rules: { reception: slice(3, 0), 'vip-reception': slice(0, 0) } }],
      breaches: [],
      disputed: [],
      staffing: null,
    };
    expect(closeOfDayDigest(quiet, hall).zh).toBe(
      [
        '### 测试营业厅 日终小结 · 2026-11-30',
        '到店 3 人，超时 0 次。',
        '',
        '**达标率**（目标 100%）',
        '- 4分钟接待：100.0%（3/3），超时 0 次',
        '- VIP 3分钟专人接待：—（无计入）',
        '- 特殊客户2分钟内主动帮助：—（无计入）',
        '',
        '**最差时段**：无（全天无超时）',
        '**人手不足**：在岗人数未知',
      ].join('\n'),
    );
    // Duty was known and enough every hour.
    const staffed = { ...quiet, staffing: [smallDay().staffing![0]!] };
    expect(closeOfDayDigest(staffed, hall).en.split('\n').at(-1)).toBe('**Short-staffed hours**: none');
  });

  it('keeps a busy day within what a chat robot takes, the latest breaches first and "另有 N 项" for the rest', () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      breach(`A${String(i + 1).padStart(3, '0')}`, '10:00:00', 60 + i),
    );
    const busy: DigestReport = { ...smallDay(), arrivals: 420, breaches: many };
    const { zh, en } = closeOfDayDigest(busy, hall);
    for (const [text, more] of [
      [zh, /^- 另有 (\d+) 项$/],
      [en, /^- and (\d+) more$/],
    ] as const) {
      expect(text.length).toBeLessThanOrEqual(4000);
      const lines = text.split('\n');
      const listed = lines.filter((l) => /^- A\d{3} /.test(l));
      const left = Number(more.exec(lines.at(-1)!)?.[1]);
      // Every breach is either listed or counted, and the list is as long as the room allows.
      expect(listed.length + left).toBe(400);
      expect(listed.length).toBeGreaterThan(50);
      expect(text.length).toBeGreaterThan(4000 - 2 * listed[0]!.length);
      // The latest first: A400 waited 459 s past its target.
      expect(listed[0]).toMatch(/^- A400 /);
      // The sections before the list are whole.
      expect(text).toContain(lang(text) === 'zh' ? '**待确认的补录**' : '**Replays to confirm**');
    }
    expect(zh).toContain('- A400 4分钟接待，超时 7分39秒');

    // A tighter limit (a robot that takes less) is kept too.
    const small = closeOfDayDigest(busy, { ...hall, maxLength: 800 });
    expect(small.zh.length).toBeLessThanOrEqual(800);
    expect(small.zh.split('\n').at(-1)).toMatch(/^- 另有 \d+ 项$/);
  });
});

const lang = (text: string) => (text.includes('日终小结') ? 'zh' : 'en');
