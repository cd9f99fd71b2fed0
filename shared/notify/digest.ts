/**
 * The close-of-day digest a hall's chat group reads (issue 18, item 3): from the branch's daily report as
 * the report route returns it, the compliance per rule by its configured name, the breaches, the worst
 * hour, the disputed clocks and the hours short of staff — as markdown in Chinese and in English. A chat
 * robot takes a few thousand characters, so each text is kept within `maxLength` by cutting the lists
 * (least needed first kept: short-staffed hours, then disputed clocks, then each breach) and saying how
 * many were left out. Pure: the report in, the words out.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { percentDown, reportRules, type Report } from '../report.ts';
import type { Lang } from '../i18n/index.ts';
import { ruleName } from '../i18n/rule-names.ts';
import type { StaffingHour } from '../staffing/report-hours.ts';

/** The parts of the report route's reply the digest reads (GET /branches/:branch/reports/daily). */
export type DigestReport = Pick<
  Report,
  'date' | 'timeZone' | 'arrivals' | 'rules' | 'ruleList' | 'hours' | 'breaches' | 'disputed'
> & { staffing: StaffingHour[] | null };

export interface DigestOptions {
  /** The branch as the hall knows it (the configuration's `name`). */
  branchName: { zh: string; en: string };
  /** Where the day's report page is, for a link at the end. */
  reportUrl?: string;
  /** Each language's text at most this many characters (default 4,000: what a chat robot takes). */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 4000;

const WORDS = {
  zh: {
    title: (branch: string, date: string) => `### ${branch} 日终小结 · ${date}`,
    headline: (arrivals: number, late: number) => `到店 ${arrivals} 人，超时 ${late} 次。`,
    compliance: '**达标率**（目标 100%）',
    ruleLine: (name: string, percent: string, exact: string, late: number) =>
      `- ${name}：${percent}%（${exact}），超时 ${late} 次`,
    ruleNone: (name: string) => `- ${name}：—（无计入）`,
    worstHour: (hours: string, late: number) => `**最差时段**：${hours}，超时 ${late} 次`,
    noBreach: '**最差时段**：无（全天无超时）',
    short: '**人手不足**',
    shortNone: '**人手不足**：无',
    shortUnknown: '**人手不足**：在岗人数未知',
    shortLine: (hours: string, roles: string[]) => `- ${hours}：${roles.join('；')}`,
    greeters: (onDuty: number, needed: number) => `引导员在岗 ${onDuty}，需要 ${needed}`,
    vipHosts: (onDuty: number, needed: number) => `VIP专人在岗 ${onDuty}，需要 ${needed}`,
    disputed: '**待确认的补录**（经理确认前按超时计算）',
    disputedLine: (ticket: string, rule: string, arrived: string, replayed: string) =>
      `- ${ticket} ${rule}，到店 ${arrived}，补录 ${replayed}`,
    breaches: '**超时明细**',
    breachLine: (ticket: string, rule: string, late: string) => `- ${ticket} ${rule}，超时 ${late}`,
    lateBy: (s: number) => (s < 60 ? `${s}秒` : s % 60 === 0 ? `${s / 60}分钟` : `${Math.floor(s / 60)}分${s % 60}秒`),
    more: (n: number) => `- 另有 ${n} 项`,
    link: (url: string) => `[查看日报](${url})`,
  },
  en: {
    title: (branch: string, date: string) => `### ${branch} close of day · ${date}`,
    headline: (arrivals: number, late: number) =>
      `${arrivals} arrival${arrivals === 1 ? '' : 's'}, ${late} late greeting${late === 1 ? '' : 's'}.`,
    compliance: '**On-time rate** (target 100%)',
    ruleLine: (name: string, percent: string, exact: string, late: number) =>
      `- ${name}: ${percent}% (${exact}), ${late} late`,
    ruleNone: (name: string) => `- ${name}: — (none counted)`,
    worstHour: (hours: string, late: number) => `**Worst hour**: ${hours}, ${late} late`,
    noBreach: '**Worst hour**: none (nobody was greeted late)',
    short: '**Short-staffed hours**',
    shortNone: '**Short-staffed hours**: none',
    shortUnknown: '**Short-staffed hours**: who was on duty is unknown',
    shortLine: (hours: string, roles: string[]) => `- ${hours}: ${roles.join('; ')}`,
    greeters: (onDuty: number, needed: number) => `greeters on duty ${onDuty}, needed ${needed}`,
    vipHosts: (onDuty: number, needed: number) => `VIP hosts on duty ${onDuty}, needed ${needed}`,
    disputed: '**Replays to confirm** (counted late until a manager confirms)',
    disputedLine: (ticket: string, rule: string, arrived: string, replayed: string) =>
      `- ${ticket} ${rule}, arrived ${arrived}, replayed ${replayed}`,
    breaches: '**Late greetings in detail**',
    breachLine: (ticket: string, rule: string, late: string) => `- ${ticket} ${rule}, ${late} late`,
    lateBy: (s: number) => (s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 === 0 ? '' : ` ${s % 60} s`}`),
    more: (n: number) => `- and ${n} more`,
    link: (url: string) => `[Open the report](${url})`,
  },
} satisfies Record<Lang, unknown>;

/** A list that may be cut: its heading stays, its items go in order while they fit. */
interface List {
  heading: string;
  items: string[];
}

/** The digest of one branch's day, Chinese and English. */
export function closeOfDayDigest(report: DigestReport, options: DigestOptions): { zh: string; en: string } {
  return { zh: digestIn('zh', report, options), en: digestIn('en', report, options) };
}

function digestIn(lang: Lang, r: DigestReport, o: DigestOptions): string {
  const w = WORDS[lang];
  const rules = reportRules(r, []);
  // Every rule with a clock in the day is in the report's list; an id alone is the last resort.
  const nameOf = (id: string) => {
    const rule = rules.find((x) => x.id === id);
    return rule ? ruleName(rule, lang) : id;
  };
  const time = (iso: string) => format(new TZDate(Date.parse(iso), r.timeZone), 'HH:mm');

  const head = [w.title(o.branchName[lang], r.date), w.headline(r.arrivals, r.breaches.length), '', w.compliance];
  for (const rule of rules) {
    const f = r.rules[rule.id];
    if (!f) continue;
    head.push(
      f.compliance
        ? w.ruleLine(nameOf(rule.id), percentDown(f.compliance), `${f.met}/${f.met + f.breached}`, f.breached)
        : w.ruleNone(nameOf(rule.id)),
    );
  }
  head.push('');
  // The hour with the most breaches; of equals, the earliest (the one the day went wrong in first).
  const worst = r.hours.reduce<(typeof r.hours)[number] | null>(
    (a, h) => (h.breaches > (a?.breaches ?? 0) ? h : a),
    null,
  );
  head.push(worst ? w.worstHour(hourSpan(worst.hour), worst.breaches) : w.noBreach);

  const lists: List[] = [];
  const known = (r.staffing ?? []).filter((h) => h.onDuty !== null);
  const short = known.flatMap((h) => {
    const on = h.onDuty!;
    const roles = [
      ...(on.greeters < h.needed.greeters ? [w.greeters(on.greeters, h.needed.greeters)] : []),
      ...(on.vipHosts < h.needed.vipHosts ? [w.vipHosts(on.vipHosts, h.needed.vipHosts)] : []),
    ];
    return roles.length > 0 ? [w.shortLine(hourSpan(h.hour), roles)] : [];
  });
  const tail: string[] = [];
  if (short.length > 0) lists.push({ heading: w.short, items: short });
  else tail.push(known.length > 0 ? w.shortNone : w.shortUnknown);
  if (r.disputed.length > 0)
    lists.push({
      heading: w.disputed,
      items: r.disputed.map((d) => w.disputedLine(d.ticket, nameOf(d.rule), time(d.arrivedAt), time(d.replayedAt))),
    });
  // Latest first: the customers who waited longest past the target lead the list when it is cut.
  const breaches = [...r.breaches].sort((a, b) => b.lateBySeconds - a.lateBySeconds || a.dueAt.localeCompare(b.dueAt));
  if (breaches.length > 0)
    lists.push({
      heading: w.breaches,
      items: breaches.map((b) => w.breachLine(b.ticket, nameOf(b.rule), w.lateBy(Math.floor(b.lateBySeconds)))),
    });
  const end = o.reportUrl ? ['', w.link(o.reportUrl)] : [];
  return fit([...head, ...tail], lists, end, w.more, o.maxLength ?? DEFAULT_MAX_LENGTH);
}

/** "10:00–11:00" for local hour 10; the last hour ends at 24:00. */
function hourSpan(hour: number): string {
  const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${hh(hour)}–${hh(hour + 1)}`;
}

/**
 * Lays the lines out within `max` characters: the fixed lines and every list's heading always, each
 * list's items in order while they fit, and for a list cut short one line naming how many were left out.
 * Room for those lines is kept from the start, so the result never passes `max`.
 */
function fit(fixed: string[], lists: List[], end: string[], more: (n: number) => string, max: number): string {
  const size = (lines: string[]) => lines.reduce((n, l) => n + l.length + 1, 0);
  const total = lists.reduce((n, l) => n + l.items.length, 0);
  let room =
    max +
    1 -
    size(fixed) -
    size(end) -
    lists.reduce((n, l) => n + 1 + l.heading.length + 1 + more(total).length + 1, 0);
  const out = [...fixed];
  let full = false;
  for (const list of lists) {
    out.push('', list.heading);
    let kept = 0;
    for (const item of list.items) {
      if (full || item.length + 1 > room) {
        full = true;
        break;
      }
      out.push(item);
      room -= item.length + 1;
      kept += 1;
    }
    if (kept < list.items.length) out.push(more(list.items.length - kept));
  }
  return [...out, ...end].join('\n');
}
